using CodeSignPS.Core.Pipeline;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Tests.Pipeline;

/// <summary>
/// Pins the exact log command lines, and checks that the runners' own parsing gives every value
/// back whole. <see cref="RunnerParsers"/> parses the way the Azure Pipelines agent (with percent
/// decoding on, its default) and the GitHub runner do.
/// </summary>
public sealed class PipelineCommandsTests
{
    private const string HostilePath = "/repo/a;b]c%d,e:f\r\ng\nh\ri.ps1";
    private const string HostileMessage = "x;y]z%w,v:u\r\nq::r";

    // ---- Azure Pipelines: exact lines ----

    [Fact]
    public void AzureLogIssue_HostileValues_Escaped()
    {
        string line = new AzurePipelinesCommands().LogIssue(ReportSeverity.Error, HostileMessage, HostilePath, code: "a;b]c");

        Assert.Equal(
            "##vso[task.logissue type=error;sourcepath=/repo/a%3Bb%5Dc%AZP25d,e:f%0D%0Ag%0Ah%0Di.ps1;code=a%3Bb%5Dc;]x;y]z%AZP25w,v:u%0D%0Aq::r",
            line);
    }

    [Fact]
    public void AzureLogIssue_LineAndColumn_Written()
    {
        string line = new AzurePipelinesCommands().LogIssue(ReportSeverity.Warning, "m", "/p/policy.yaml", 12, 3, "UnknownKey");

        Assert.Equal("##vso[task.logissue type=warning;sourcepath=/p/policy.yaml;linenumber=12;columnnumber=3;code=UnknownKey;]m", line);
    }

    [Fact]
    public void AzureLogIssue_NoFile_WritesTypeOnly()
    {
        Assert.Equal("##vso[task.logissue type=error;]m", new AzurePipelinesCommands().LogIssue(ReportSeverity.Error, "m"));
    }

    [Fact]
    public void AzureUploadSummary_HostilePath_EscapesData()
    {
        Assert.Equal("##vso[task.uploadsummary]/t/a;b]%AZP25%0A.md", AzurePipelinesCommands.UploadSummary("/t/a;b]%\n.md"));
    }

    [Fact]
    public void AzureCompleteWithIssues_WritesSucceededWithIssues()
    {
        Assert.Equal("##vso[task.complete result=SucceededWithIssues;]done", AzurePipelinesCommands.CompleteWithIssues("done"));
    }

    // ---- GitHub Actions: exact lines ----

    [Fact]
    public void GitHubLogIssue_HostileValues_Escaped()
    {
        string line = new GitHubActionsCommands().LogIssue(ReportSeverity.Error, HostileMessage, HostilePath, code: "a,b:c");

        Assert.Equal(
            "::error file=/repo/a;b]c%25d%2Ce%3Af%0D%0Ag%0Ah%0Di.ps1,title=a%2Cb%3Ac::x;y]z%25w,v:u%0D%0Aq::r",
            line);
    }

    [Fact]
    public void GitHubLogIssue_LineAndColumn_Written()
    {
        string line = new GitHubActionsCommands().LogIssue(ReportSeverity.Warning, "m", "/p/policy.yaml", 12, 3, "UnknownKey");

        Assert.Equal("::warning file=/p/policy.yaml,line=12,col=3,title=UnknownKey::m", line);
    }

    [Fact]
    public void GitHubLogIssue_NoProperties_WritesBareCommand()
    {
        Assert.Equal("::error::m", new GitHubActionsCommands().LogIssue(ReportSeverity.Error, "m"));
    }

    // ---- round trips through the runners' parsing ----

    public static TheoryData<string> HostileValues => new()
    {
        ";", "]", "%", ",", ":", "\r", "\n", "\r\n", "=",
        "%3B", "%5D", "%0A", "%0D", "%25", "%AZP25", "%AZP253B", "%3A", "%2C",
        "a;b]c%d,e:f\r\ng", "::error::x", "##vso[task.complete result=Failed;]x",
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void AzureLogIssue_ValueRoundTrip_AgentReadsItBack(string value)
    {
        string line = new AzurePipelinesCommands().LogIssue(ReportSeverity.Error, value, value, code: value);

        RunnerParsers.Command parsed = RunnerParsers.ParseAzure(line);

        Assert.Equal("task.logissue", parsed.Name);
        Assert.Equal(value, parsed.Data);
        Assert.Equal(value, parsed.Properties["sourcepath"]);
        Assert.Equal(value, parsed.Properties["code"]);
        Assert.Equal("error", parsed.Properties["type"]);
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void GitHubLogIssue_ValueRoundTrip_RunnerReadsItBack(string value)
    {
        string line = new GitHubActionsCommands().LogIssue(ReportSeverity.Warning, value, value, 7, 2, value);

        RunnerParsers.Command parsed = RunnerParsers.ParseGitHub(line);

        Assert.Equal("warning", parsed.Name);
        Assert.Equal(value, parsed.Data);
        Assert.Equal(value, parsed.Properties["file"]);
        Assert.Equal(value, parsed.Properties["title"]);
        Assert.Equal("7", parsed.Properties["line"]);
        Assert.Equal("2", parsed.Properties["col"]);
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void LogIssue_HostileValue_StaysOneLine(string value)
    {
        Assert.DoesNotContain('\n', new AzurePipelinesCommands().LogIssue(ReportSeverity.Error, value, value, code: value));
        Assert.DoesNotContain('\r', new AzurePipelinesCommands().LogIssue(ReportSeverity.Error, value, value, code: value));
        Assert.DoesNotContain('\n', new GitHubActionsCommands().LogIssue(ReportSeverity.Error, value, value, code: value));
        Assert.DoesNotContain('\r', new GitHubActionsCommands().LogIssue(ReportSeverity.Error, value, value, code: value));
    }
}
