using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>
/// Runs the official SARIF Multitool validator over the SARIF logs of many kinds of run, and fails on
/// any error-level finding: a schema violation or a broken SARIF rule.
/// </summary>
public sealed class SarifValidationTests : IClassFixture<ReportScenarioFixture>, IDisposable
{
    private readonly ReportScenario _scenario;
    private readonly TestSupport.TempFolder _output = new();

    public SarifValidationTests(ReportScenarioFixture fixture) => _scenario = fixture.Scenario;

    public void Dispose() => _output.Dispose();

    private void AssertValid(ReportRun run, string name)
    {
        string path = Path.Combine(_output.Path, name + ".sarif");
        ReportWriter.Write(run, path, [ReportFormat.Sarif]);

        IReadOnlyList<string> errors = SarifMultitool.FindErrors(path);

        Assert.True(errors.Count == 0, $"The SARIF log of the {name} run has {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    [SarifValidatorFact]
    public void Validate_BrokenLog_FindsErrors()
    {
        // Proves that the log is read: a driver without its required name must be reported.
        string path = Path.Combine(_output.Path, "broken.sarif");
        File.WriteAllText(path, """{ "version": "2.1.0", "runs": [ { "tool": { "driver": { } }, "results": [ { "message": { } } ] } ] }""");

        IReadOnlyList<string> errors = SarifMultitool.FindErrors(path);

        Assert.Contains(errors, error => error.StartsWith("JSON1002", StringComparison.Ordinal));
    }

    [SarifValidatorFact]
    public void Validate_PolicyRunsInEveryMode_HaveNoErrors()
    {
        AssertValid(_scenario.PolicyRun("prod"), "prod");
        AssertValid(_scenario.PolicyRun("stamped", "Test-CodeSigningPolicy"), "stamped");
        AssertValid(_scenario.PolicyRun("dev"), "dev");
    }

    [SarifValidatorFact]
    public void Validate_VerificationRun_HasNoErrors()
    {
        AssertValid(_scenario.VerificationRun(), "verification");
    }

    [SarifValidatorFact]
    public void Validate_PolicyFileErrors_HaveNoErrors()
    {
        IReadOnlyList<PolicyError> errors = _scenario.BrokenPolicyErrors();
        ReportRun run = new()
        {
            Command = "Assert-CodeSigningPolicy",
            ToolVersion = "0.1.0",
            StartTime = ReportRuns.Start,
            EndTime = ReportRuns.Start.AddSeconds(1),
            PolicyPath = errors[0].File,
            Environment = "prod",
            Root = _scenario.Root,
            Failed = true,
            RunIssues = errors.Select(ReportItems.FromPolicyError).ToArray(),
        };

        AssertValid(run, "policy-errors");
        Assert.Contains("\"startLine\"", File.ReadAllText(Path.Combine(_output.Path, "policy-errors.sarif")), StringComparison.Ordinal);
    }

    [SarifValidatorFact]
    public void Validate_EmptyRun_HasNoErrors()
    {
        AssertValid(ReportRuns.Empty(), "empty");
    }

    [SarifValidatorFact]
    public void Validate_MixedRunWithAndWithoutRoot_HaveNoErrors()
    {
        AssertValid(ReportRuns.Mixed(), "mixed");
        AssertValid(ReportRuns.Mixed(root: null), "mixed-absolute");
    }

    [SarifValidatorFact]
    public void Validate_AwkwardPaths_HaveNoErrors()
    {
        string[] names = ["with space.ps1", "100%.ps1", "#hash.ps1", "what?.ps1", "[brackets].ps1", "Ünïcode ✓ 😀.ps1", "bell\u0007.ps1", "a:b.ps1", "%41.ps1"];
        string outside = Path.Combine(Path.GetTempPath(), "elsewhere dir", "x #1.ps1");
        ReportRun run = new()
        {
            Command = "Get-CodeSignature",
            ToolVersion = "0.1.0",
            StartTime = ReportRuns.Start,
            EndTime = ReportRuns.Start,
            Root = ReportRuns.Root,
            Failed = true,
            Items = names.Select(ReportRuns.Under).Append(outside)
                .Select(path => ReportRuns.OneFailure(path, $"'{path}' was changed.").Items[0])
                .ToArray(),
        };

        AssertValid(run, "awkward-paths");
    }
}
