using System.Management.Automation;
using CodeSignPS.Core;
using CodeSignPS.Core.Policy;

namespace CodeSignPS.Commands;

/// <summary>
/// The deployment gate: writes every decision and a summary, then fails once, with one terminating
/// error, when the environment is in enforce mode and an artifact was denied or could not be evaluated.
/// </summary>
[Cmdlet(VerbsLifecycle.Assert, "CodeSigningPolicy", DefaultParameterSetName = PathParameterSet)]
[OutputType(typeof(PolicyDecision))]
public sealed class AssertCodeSigningPolicyCommand : PolicyEvaluationCmdletBase
{
    /// <summary>How many denied files the gate's error message lists by name.</summary>
    internal const int MaxListedFiles = 20;

    private readonly Dictionary<PolicyOutcome, int> _counts = Enum.GetValues<PolicyOutcome>().ToDictionary(outcome => outcome, _ => 0);
    private readonly List<string> _denied = new();

    private protected override void OnDecision(PolicyDecision decision)
    {
        _counts[decision.Outcome]++;
        if (decision.Outcome == PolicyOutcome.Deny)
        {
            _denied.Add(decision.RelativePath);
        }

        WriteObject(decision);
    }

    private protected override void OnCompleted(ArtifactWalk walk)
    {
        PSObject summary = CreateSummary();
        string counts = string.Join(", ", _counts.Select(pair => $"{pair.Key} {pair.Value}"));
        WriteVerbose($"Summary for environment '{Environment}' ({Mode} mode): {counts}; not evaluated {NotEvaluated.Count}.");
        WriteInformation(summary, ["CodeSigningPolicySummary"]);

        if (Mode == PolicyMode.Enforce && (_denied.Count > 0 || NotEvaluated.Count > 0))
        {
            ThrowTerminatingError(ErrorRecordFactory.Create("PolicyGateFailed", FailureCategory.SecurityError, DescribeFailure(), Policy));
        }
    }

    private PSObject CreateSummary()
    {
        var summary = new PSObject();
        summary.Properties.Add(new PSNoteProperty("Environment", Environment));
        summary.Properties.Add(new PSNoteProperty("Mode", Mode));
        summary.Properties.Add(new PSNoteProperty("Total", _counts.Values.Sum()));
        foreach ((PolicyOutcome outcome, int count) in _counts)
        {
            summary.Properties.Add(new PSNoteProperty(outcome.ToString(), count));
        }

        summary.Properties.Add(new PSNoteProperty("NotEvaluated", NotEvaluated.Count));
        return summary;
    }

    private string DescribeFailure()
    {
        var lines = new List<string>
        {
            $"The code signing policy '{Policy}' denies {_denied.Count} artifact(s) in environment '{Environment}'" +
            (NotEvaluated.Count > 0 ? $", and {NotEvaluated.Count} file(s) could not be evaluated" : "") +
            ". Fix or re-sign them, or add a reviewed exception; the decisions written above give every reason.",
        };
        lines.AddRange(_denied.Take(MaxListedFiles).Select(path => "  denied: " + path));
        if (_denied.Count > MaxListedFiles)
        {
            lines.Add($"  ... and {_denied.Count - MaxListedFiles} more denied.");
        }

        lines.AddRange(NotEvaluated.Take(MaxListedFiles).Select(path => "  not evaluated: " + path));
        return string.Join(System.Environment.NewLine, lines);
    }
}
