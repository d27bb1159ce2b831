using System.Management.Automation;
using CodeSignPS.Core.Policy;

namespace CodeSignPS.Commands;

/// <summary>Writes one policy decision per artifact, or with -Quiet whether nothing was denied.</summary>
[Cmdlet(VerbsDiagnostic.Test, "CodeSigningPolicy", DefaultParameterSetName = PathParameterSet)]
[OutputType(typeof(PolicyDecision), typeof(bool))]
public sealed class TestCodeSigningPolicyCommand : PolicyEvaluationCmdletBase
{
    private bool _anyDenied;

    /// <summary>Return only $true when no artifact is denied and, in enforce mode, every input was evaluated; else $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    private protected override void OnDecision(PolicyDecision decision)
    {
        _anyDenied |= decision.Outcome == PolicyOutcome.Deny;
        if (!Quiet)
        {
            WriteObject(decision);
        }
    }

    private protected override void OnCompleted(ArtifactWalk walk)
    {
        if (Quiet)
        {
            bool anyNotEvaluated = Mode == PolicyMode.Enforce && NotEvaluated.Count > 0;
            WriteObject(!_anyDenied && !anyNotEvaluated);
        }
    }
}
