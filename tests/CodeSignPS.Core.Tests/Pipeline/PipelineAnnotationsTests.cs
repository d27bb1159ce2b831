using CodeSignPS.Core.Pipeline;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Tests.Pipeline;

public sealed class PipelineAnnotationsTests
{
    private static ReportItem Item(ReportOutcome outcome, string status, params ReportIssue[] issues) => new()
    {
        Path = "/repo/scripts/a;b].ps1",
        DisplayPath = "scripts/a;b].ps1",
        Outcome = outcome,
        Status = status,
        Issues = issues,
    };

    // ---- items ----

    [Fact]
    public void ForItem_FailedAzure_WritesError()
    {
        ReportItem item = Item(
            ReportOutcome.Failed,
            "Deny",
            new ReportIssue(ReportSeverity.Warning, "timestamp", "No timestamp."),
            new ReportIssue(ReportSeverity.Error, "trust", "Not trusted: 50% of CAs"),
            new ReportIssue(ReportSeverity.Error, "publisher", "Line one\nline two."));

        string? line = PipelineAnnotations.ForItem(new AzurePipelinesCommands(), item);

        Assert.Equal(
            "##vso[task.logissue type=error;sourcepath=/repo/scripts/a%3Bb%5D.ps1;code=trust;]scripts/a;b].ps1: Deny: No timestamp. Not trusted: 50%AZP25 of CAs; Line one%0Aline two.",
            line);
    }

    [Fact]
    public void ForItem_WarnedGitHub_WritesWarning()
    {
        ReportItem item = Item(ReportOutcome.Warned, "Warn", new ReportIssue(ReportSeverity.Warning, "revocation", "Unknown, the CRL: missing."));

        string? line = PipelineAnnotations.ForItem(new GitHubActionsCommands(), item);

        Assert.Equal("::warning file=/repo/scripts/a;b].ps1,title=revocation::scripts/a;b].ps1: Warn: Unknown, the CRL: missing.", line);
    }

    [Fact]
    public void ForItem_NoIssues_CodeIsStatus()
    {
        string? line = PipelineAnnotations.ForItem(new GitHubActionsCommands(), Item(ReportOutcome.Failed, "NotSigned"));

        Assert.Equal("::error file=/repo/scripts/a;b].ps1,title=NotSigned::scripts/a;b].ps1: NotSigned", line);
    }

    [Theory]
    [InlineData(ReportOutcome.Passed)]
    [InlineData(ReportOutcome.Skipped)]
    public void ForItem_PassedOrSkipped_NoLine(ReportOutcome outcome)
    {
        Assert.Null(PipelineAnnotations.ForItem(new AzurePipelinesCommands(), Item(outcome, "Allow")));
        Assert.Null(PipelineAnnotations.ForItem(new GitHubActionsCommands(), Item(outcome, "Allow")));
    }

    // ---- run issues ----

    [Fact]
    public void ForIssue_PolicyErrorAzure_HasPosition()
    {
        var error = new PolicyError("/repo/policy;1.yaml", 7, 3, "UnknownKey", "Unknown key 'rulez'; expected 'rules'.");
        var exception = new PolicyLoadException(error.File, [error]);

        string line = PipelineAnnotations.ForIssue(new AzurePipelinesCommands(), Assert.Single(PipelineAnnotations.IssuesOf(exception)));

        Assert.Equal("##vso[task.logissue type=error;sourcepath=/repo/policy%3B1.yaml;linenumber=7;columnnumber=3;code=UnknownKey;]Unknown key 'rulez'; expected 'rules'.", line);
    }

    [Fact]
    public void ForIssue_PolicyErrorGitHub_HasPosition()
    {
        var error = new PolicyError("/repo/policy,1.yaml", 7, 3, "UnknownKey", "Unknown key: 'rulez'.");
        var exception = new PolicyLoadException(error.File, [error]);

        string line = PipelineAnnotations.ForIssue(new GitHubActionsCommands(), Assert.Single(PipelineAnnotations.IssuesOf(exception)));

        Assert.Equal("::error file=/repo/policy%2C1.yaml,line=7,col=3,title=UnknownKey::Unknown key: 'rulez'.", line);
    }

    [Fact]
    public void IssuesOf_SeveralErrors_KeepsFileOrder()
    {
        PolicyError[] errors = [new("/p.yaml", 2, 1, "A", "a"), new("/p.yaml", 9, 4, "B", "b")];

        IReadOnlyList<ReportIssue> issues = PipelineAnnotations.IssuesOf(new PolicyLoadException("/p.yaml", errors));

        Assert.Equal(["A", "B"], issues.Select(issue => issue.Code));
        Assert.Equal([2, 9], issues.Select(issue => issue.Line ?? 0));
        Assert.All(issues, issue => Assert.Equal(ReportSeverity.Error, issue.Severity));
    }

    // ---- control characters ----

    [Fact]
    public void ForItem_ControlCharactersAzure_ShownAsCodePoints()
    {
        ReportItem item = Item(ReportOutcome.Failed, "Deny", new ReportIssue(ReportSeverity.Error, "NotSigned", "'a\u001b[2Kok\u0007.ps1' is not signed;\nsee the report."));

        string? line = PipelineAnnotations.ForItem(new AzurePipelinesCommands(), item);

        Assert.EndsWith("]scripts/a;b].ps1: Deny: 'a[U+001B][2Kok[U+0007].ps1' is not signed;%0Asee the report.", line);
    }

    [Fact]
    public void ForIssue_ControlCharactersGitHub_ShownAsCodePoints()
    {
        var issue = new ReportIssue(ReportSeverity.Error, "PathNotFound", "No file 'x\u0008\r\ny'.");

        string line = PipelineAnnotations.ForIssue(new GitHubActionsCommands(), issue);

        Assert.Equal("::error title=PathNotFound::No file 'x[U+0008]%0D%0Ay'.", line);
    }
}
