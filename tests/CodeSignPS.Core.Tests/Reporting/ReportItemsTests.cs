using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>The mapping from decisions, verification results and signing outcomes to report items.</summary>
public sealed class ReportItemsTests : IClassFixture<ReportScenarioFixture>
{
    private readonly ReportScenario _scenario;

    public ReportItemsTests(ReportScenarioFixture fixture) => _scenario = fixture.Scenario;

    private ReportItem ItemFor(string environment, string relativePath) =>
        ReportItems.FromDecision(_scenario.Decision(environment, relativePath), _scenario.Root);

    private static string[] Codes(ReportItem item) => item.Issues.Select(issue => issue.Code).ToArray();

    // ---- policy decisions in enforce mode ----

    [Fact]
    public void FromDecision_Allow_PassesWithoutIssues()
    {
        ReportItem item = ItemFor("prod", "scripts/Good.ps1");

        Assert.Equal(ReportOutcome.Passed, item.Outcome);
        Assert.Equal("Allow", item.Status);
        Assert.Empty(item.Issues);
        Assert.Equal("scripts/Good.ps1", item.DisplayPath);
        Assert.IsType<PolicyDecision>(item.Detail);
    }

    [Fact]
    public void FromDecision_Tampered_FailsOnIntegrityError()
    {
        ReportItem item = ItemFor("prod", "scripts/Tampered.ps1");

        Assert.Equal(ReportOutcome.Failed, item.Outcome);
        Assert.Equal(["integrity"], Codes(item));
        Assert.Equal(ReportSeverity.Error, item.Issues[0].Severity);
        Assert.Equal(_scenario.FullPath("scripts/Tampered.ps1"), item.Issues[0].Path);
    }

    [Fact]
    public void FromDecision_ForeignSigner_FailsOnTrust()
    {
        ReportItem item = ItemFor("prod", "scripts/Stranger.ps1");

        Assert.Equal(ReportOutcome.Failed, item.Outcome);
        Assert.Contains("trust", Codes(item));
        Assert.All(item.Issues, issue => Assert.Equal(ReportSeverity.Error, issue.Severity));
    }

    [Fact]
    public void FromDecision_Unsigned_FailsWithUnsignedCode()
    {
        ReportItem item = ItemFor("prod", "scripts/Unsigned.ps1");

        Assert.Equal(ReportOutcome.Failed, item.Outcome);
        Assert.Equal([ReportItems.PolicyCodes.Unsigned], Codes(item));
        Assert.Equal(ReportSeverity.Error, item.Issues[0].Severity);
    }

    [Fact]
    public void FromDecision_Uncovered_SkipsWithNote()
    {
        ReportItem item = ItemFor("prod", "notes.txt");

        Assert.Equal(ReportOutcome.Skipped, item.Outcome);
        Assert.Equal([ReportItems.PolicyCodes.Uncovered], Codes(item));
        Assert.Equal(ReportSeverity.Note, item.Issues[0].Severity);
    }

    // ---- exceptions ----

    [Fact]
    public void FromDecision_ExceptionUsed_PassesWithNotesOnly()
    {
        ReportItem item = ItemFor("prod", "scripts/Excepted.ps1");

        Assert.Equal(ReportOutcome.Passed, item.Outcome);
        Assert.Equal([ReportItems.PolicyCodes.ExceptionUsed, ReportItems.PolicyCodes.Unsigned], Codes(item));
        Assert.All(item.Issues, issue => Assert.Equal(ReportSeverity.Note, issue.Severity));
    }

    [Fact]
    public void FromDecision_ExpiredException_WarnsWithError()
    {
        ReportItem item = ItemFor("prod", "scripts/Lapsed.ps1");

        Assert.Equal("Allow", item.Status);
        Assert.Equal(ReportOutcome.Warned, item.Outcome);
        ReportIssue expired = Assert.Single(item.Issues);
        Assert.Equal(ReportItems.PolicyCodes.ExceptionExpired, expired.Code);
        Assert.Equal(ReportSeverity.Error, expired.Severity);
    }

    [Fact]
    public void FromDecision_StaleException_AddsWarning()
    {
        ReportItem item = ItemFor("prod", "scripts/Changed.ps1");

        Assert.Equal(ReportOutcome.Failed, item.Outcome);
        Assert.Equal([ReportItems.PolicyCodes.Unsigned, ReportItems.PolicyCodes.ExceptionNotApplied], Codes(item));
        Assert.Equal(ReportSeverity.Error, item.Issues[0].Severity);
        Assert.Equal(ReportSeverity.Warning, item.Issues[1].Severity);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("stamped")]
    [InlineData("dev")]
    public void FromDecision_EveryReason_IsClassified(string environment)
    {
        foreach (PolicyDecision decision in _scenario.Evaluate(environment))
        {
            ReportItem item = ReportItems.FromDecision(decision, _scenario.Root);

            Assert.DoesNotContain(ReportItems.PolicyCodes.EvaluationFailed, Codes(item));
            int failedChecks = decision.Checks.Count(check => check.Passed == false);
            Assert.Equal(decision.Reasons.Count, item.Issues.Count - failedChecks + decision.Reasons.Count(reason => reason.Contains(" failed (", StringComparison.Ordinal)));
        }
    }

    // ---- warn-only checks and audit mode ----

    [Fact]
    public void FromDecision_WarnOnlyCheck_WarnsWithWarning()
    {
        ReportItem item = ItemFor("stamped", "scripts/Good.ps1");

        Assert.Equal(ReportOutcome.Warned, item.Outcome);
        ReportIssue issue = Assert.Single(item.Issues);
        Assert.Equal("timestamp", issue.Code);
        Assert.Equal(ReportSeverity.Warning, issue.Severity);
    }

    [Theory]
    [InlineData("scripts/Tampered.ps1", "integrity")]
    [InlineData("scripts/Unsigned.ps1", "unsigned")]
    public void FromDecision_AuditMode_WarnsInsteadOfFailing(string relativePath, string code)
    {
        ReportItem item = ItemFor("dev", relativePath);

        Assert.Equal("Audit", item.Status);
        Assert.Equal(ReportOutcome.Warned, item.Outcome);
        Assert.Contains(code, Codes(item));
        Assert.All(item.Issues, issue => Assert.Equal(ReportSeverity.Warning, issue.Severity));
    }

    [Fact]
    public void FromDecision_EvaluationFailure_FailsWithEvaluationCode()
    {
        var decision = new PolicyDecision
        {
            Path = ReportRuns.Under("x.ps1"),
            RelativePath = "x.ps1",
            Outcome = PolicyOutcome.Deny,
            Mode = PolicyMode.Enforce,
            Reasons = ["Evaluating 'x.ps1' failed: disk on fire"],
        };

        ReportItem item = ReportItems.FromDecision(decision);

        Assert.Equal(ReportOutcome.Failed, item.Outcome);
        Assert.Equal([ReportItems.PolicyCodes.EvaluationFailed], Codes(item));
        Assert.Equal("x.ps1", item.DisplayPath);
    }

    // ---- verification, signing and policy errors ----

    [Fact]
    public void FromVerification_RealResults_MapStatusToOutcome()
    {
        ReportRun run = _scenario.VerificationRun();
        ReportItem good = run.Items.Single(item => item.DisplayPath == "scripts/Good.ps1");
        ReportItem tampered = run.Items.Single(item => item.DisplayPath == "scripts/Tampered.ps1");
        ReportItem unsigned = run.Items.Single(item => item.DisplayPath == "scripts/Unsigned.ps1");

        Assert.Equal((ReportOutcome.Passed, "Valid"), (good.Outcome, good.Status));
        Assert.Empty(good.Issues);
        Assert.Equal(ReportOutcome.Failed, tampered.Outcome);
        Assert.Equal(nameof(SignatureStatus.HashMismatch), Assert.Single(tampered.Issues).Code);
        Assert.Equal(nameof(SignatureStatus.NotSigned), Assert.Single(unsigned.Issues).Code);
        Assert.Equal(((VerificationResult)unsigned.Detail!).StatusMessage, unsigned.Issues[0].Message);
    }

    [Fact]
    public void FromSignOutcome_SkippedAndSigned_Map()
    {
        VerificationResult result = new() { Path = ReportRuns.Under("a.ps1"), Status = SignatureStatus.Valid, StatusMessage = "ok" };

        ReportItem signed = ReportItems.FromSignOutcome(new SignOutcome { Path = result.Path, Result = result, Warnings = ["No BOM."] }, ReportRuns.Root);
        ReportItem skipped = ReportItems.FromSignOutcome(new SignOutcome { Path = result.Path, Result = result, Skipped = true }, ReportRuns.Root);

        Assert.Equal((ReportOutcome.Passed, "Signed"), (signed.Outcome, signed.Status));
        Assert.Equal(ReportSeverity.Note, Assert.Single(signed.Issues).Severity);
        Assert.Equal(ReportOutcome.Skipped, skipped.Outcome);
        Assert.Equal("a.ps1", skipped.DisplayPath);
    }

    [Fact]
    public void FromSigningFailure_CodeSignException_UsesErrorId()
    {
        var exception = new CodeSignException("TimestampFailed", FailureCategory.ResourceUnavailable, "Timestamp server answered 503.");

        ReportItem item = ReportItems.FromSigningFailure(ReportRuns.Under("a.ps1"), exception, ReportRuns.Root);

        Assert.Equal(ReportOutcome.Failed, item.Outcome);
        ReportIssue issue = Assert.Single(item.Issues);
        Assert.Equal(("TimestampFailed", "Timestamp server answered 503."), (issue.Code, issue.Message));
    }

    [Fact]
    public void FromSigningFailure_OtherException_UsesTypeName()
    {
        ReportItem item = ReportItems.FromSigningFailure(ReportRuns.Under("a.ps1"), new IOException("disk full"), null);

        Assert.Equal("IOException", Assert.Single(item.Issues).Code);
        Assert.Equal(ReportRuns.Under("a.ps1"), item.DisplayPath);
    }

    [Fact]
    public void FromPolicyError_RealErrors_KeepLineAndColumn()
    {
        IReadOnlyList<PolicyError> errors = _scenario.BrokenPolicyErrors();

        Assert.NotEmpty(errors);
        foreach (PolicyError error in errors)
        {
            ReportIssue issue = ReportItems.FromPolicyError(error);
            Assert.Equal((ReportSeverity.Error, error.Code, error.Message), (issue.Severity, issue.Code, issue.Message));
            Assert.Equal((error.File, (int?)error.Line, (int?)error.Column), (issue.Path, issue.Line, issue.Column));
        }
    }

    [Fact]
    public void FromArtifactIssue_WarningAndError_KeepSeverity()
    {
        ReportIssue error = ReportItems.FromArtifactIssue(new ArtifactIssue("/x", "ArtifactOutsideRoot", "outside", IsWarning: false));
        ReportIssue warning = ReportItems.FromArtifactIssue(new ArtifactIssue("/y.p7s", "SignedFileNotFound", "missing", IsWarning: true));

        Assert.Equal((ReportSeverity.Error, "ArtifactOutsideRoot"), (error.Severity, error.Code));
        Assert.Equal(ReportSeverity.Warning, warning.Severity);
    }

    // ---- display paths ----

    [Theory]
    [InlineData("a.ps1", "a.ps1")]
    [InlineData("sub/dir/b.ps1", "sub/dir/b.ps1")]
    [InlineData("with space/#1 100%.ps1", "with space/#1 100%.ps1")]
    [InlineData("..foo/c.ps1", "..foo/c.ps1")]
    public void DisplayPath_UnderRoot_IsRelativeWithSlashes(string relative, string expected)
    {
        string path = Path.Combine(ReportRuns.Root, relative.Replace('/', Path.DirectorySeparatorChar));

        Assert.Equal(expected, ReportItems.DisplayPath(path, ReportRuns.Root));
        Assert.Equal(expected, ReportItems.DisplayPath(path, ReportRuns.Root + Path.DirectorySeparatorChar));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../elsewhere/a.ps1")]
    public void DisplayPath_RootOrOutside_IsFullPath(string relative)
    {
        string path = Path.GetFullPath(Path.Combine(ReportRuns.Root, relative));

        Assert.Equal(path, ReportItems.DisplayPath(path, ReportRuns.Root));
    }

    [Fact]
    public void DisplayPath_SiblingSharingPrefix_IsFullPath()
    {
        string sibling = Path.Combine(ReportRuns.Root + "2", "a.ps1");

        Assert.Equal(sibling, ReportItems.DisplayPath(sibling, ReportRuns.Root));
    }

    [Fact]
    public void DisplayPath_NoRoot_IsFullPath()
    {
        Assert.Equal(ReportRuns.Under("a.ps1"), ReportItems.DisplayPath(ReportRuns.Under("a.ps1"), null));
    }
}
