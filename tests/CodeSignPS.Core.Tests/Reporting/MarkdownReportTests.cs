using System.Text;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>The Markdown summary: title, result, counts, the capped tables, and cell escaping.</summary>
public sealed class MarkdownReportTests : IClassFixture<ReportScenarioFixture>
{
    private readonly ReportScenario _scenario;

    public MarkdownReportTests(ReportScenarioFixture fixture) => _scenario = fixture.Scenario;

    private static string[] Lines(string markdown) => markdown.Split('\n');

    private static ReportRun ManyFailures(int count, string message = "changed") => new()
    {
        Command = "Get-CodeSignature",
        ToolVersion = "0.1.0",
        Root = ReportRuns.Root,
        Failed = true,
        Items = Enumerable.Range(0, count).Select(index => ReportRuns.OneFailure(ReportRuns.Under($"f{index}.ps1"), message).Items[0]).ToArray(),
    };

    // ---- title, result and counts ----

    [Fact]
    public void RenderMarkdown_PolicyRun_TitlesEnvironment()
    {
        string markdown = ReportWriter.RenderMarkdown(ReportRuns.Mixed());

        Assert.StartsWith("## CodeSignPS: Assert-CodeSigningPolicy, environment prod (enforce mode)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("**Result: failed**", markdown, StringComparison.Ordinal);
        Assert.Contains("| 6 | 2 | 1 | 2 | 1 | 2 |", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReportOutcome.Passed, "passed")]
    [InlineData(ReportOutcome.Warned, "passed with warnings")]
    [InlineData(ReportOutcome.Skipped, "passed")]
    [InlineData(ReportOutcome.Failed, "failed")]
    public void RenderMarkdown_SingleOutcome_StatesResult(ReportOutcome outcome, string result)
    {
        ReportRun run = new()
        {
            Command = "Test-CodeSigningPolicy",
            ToolVersion = "0.1.0",
            Environment = "dev",
            Mode = PolicyMode.Audit,
            Items = [ReportRuns.Item("a.ps1", outcome, outcome.ToString())],
        };

        string markdown = ReportWriter.RenderMarkdown(run);

        Assert.Contains($"**Result: {result}**", markdown, StringComparison.Ordinal);
        Assert.Contains("(audit mode)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderMarkdown_EmptyRun_HasNoTables()
    {
        string markdown = ReportWriter.RenderMarkdown(ReportRuns.Empty());

        Assert.Contains("**Result: passed**", markdown, StringComparison.Ordinal);
        Assert.Contains("| 0 | 0 | 0 | 0 | 0 | 0 |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("###", markdown, StringComparison.Ordinal);
    }

    // ---- tables ----

    [Fact]
    public void RenderMarkdown_MixedRun_ListsFailuresFirst()
    {
        string[] lines = Lines(ReportWriter.RenderMarkdown(ReportRuns.Mixed()));
        string[] rows = lines.Where(line => line.StartsWith("| d.ps1", StringComparison.Ordinal) || line.StartsWith("| e.ps1", StringComparison.Ordinal) || line.StartsWith("| c.ps1", StringComparison.Ordinal)).ToArray();

        Assert.Equal(3, rows.Length);
        Assert.StartsWith("| d.ps1 | Deny | trust: The signer is none of the publishers.<br>timestamp:", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("| c.ps1", rows[2], StringComparison.Ordinal);
        Assert.Contains("| error | policy.yaml, line 4, column 5 | UnknownKey | The key 'colour' is not known. |", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("| a.ps1", StringComparison.Ordinal) || line.StartsWith("| notes.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void RenderMarkdown_ManyFailures_CapsRows()
    {
        string markdown = ReportWriter.RenderMarkdown(ManyFailures(MarkdownReport.MaxRows + 7));

        Assert.Equal(MarkdownReport.MaxRows, Lines(markdown).Count(line => line.StartsWith("| f", StringComparison.Ordinal)));
        Assert.Contains("… and 7 more failed or warned artifacts", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderMarkdown_HugeMessages_StayUnderSizeLimit()
    {
        string markdown = ReportWriter.RenderMarkdown(ManyFailures(5000, new string('x', 100_000)));

        Assert.True(Encoding.UTF8.GetByteCount(markdown) <= MarkdownReport.MaxBytes, $"The summary has {Encoding.UTF8.GetByteCount(markdown)} bytes.");
        Assert.Contains("… and 4950 more", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderMarkdown_RealProdRun_ListsDeniedScripts()
    {
        string markdown = ReportWriter.RenderMarkdown(_scenario.PolicyRun("prod"));

        Assert.Contains("| scripts/Tampered.ps1 | Deny | integrity: The file was changed after signing", markdown, StringComparison.Ordinal);
        Assert.Contains("| scripts/Ünïcode ✓.ps1 | Deny | unsigned:", markdown, StringComparison.Ordinal);
        Assert.Contains("| scripts/Lapsed.ps1 | Allow | exceptionExpired:", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("scripts/Good.ps1", markdown, StringComparison.Ordinal);
    }

    // ---- escaping ----

    [Theory]
    [InlineData("a|b", @"a\|b")]
    [InlineData("`code`", @"\`code\`")]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("a & b &lt;", "a &amp; b &amp;lt;")]
    [InlineData("*bold* _it_ ~~x~~", @"\*bold\* \_it\_ \~\~x\~\~")]
    [InlineData("[link](http://x)", @"\[link\](http://x)")]
    [InlineData(@"C:\path\x", @"C:\\path\\x")]
    [InlineData("# heading", @"\# heading")]
    [InlineData("- item", @"\- item")]
    [InlineData("+ item", @"\+ item")]
    [InlineData("= underline", @"\= underline")]
    [InlineData("12. item", @"12\. item")]
    [InlineData("3) item", @"3\) item")]
    [InlineData("!image", @"\!image")]
    [InlineData("a # not leading", "a # not leading")]
    [InlineData("esc\u001B[0m", @"esc\[U+001B\]\[0m")]
    public void Cell_MarkdownAndHtml_AreEscaped(string value, string expected)
    {
        Assert.Equal(expected, MarkdownText.Cell(value, 1000));
    }

    [Theory]
    [InlineData("one\ntwo", "one<br>two")]
    [InlineData("one\r\ntwo\rthree", "one<br>two<br>three")]
    [InlineData("# one\n- two", @"\# one<br>\- two")]
    [InlineData("tab\there", "tab here")]
    public void Cell_LineBreaks_BecomeBrTags(string value, string expected)
    {
        Assert.Equal(expected, MarkdownText.Cell(value, 1000));
    }

    [Fact]
    public void Cell_LongText_IsCut()
    {
        Assert.Equal("abc…", MarkdownText.Cell("abcdef", 3));
    }

    [Fact]
    public void RenderMarkdown_HostileText_StaysInCells()
    {
        ReportRun run = new()
        {
            Command = "Assert-CodeSigningPolicy",
            ToolVersion = "0.1.0",
            Environment = "# prod | <b>",
            Root = ReportRuns.Root,
            Items = [ReportRuns.Item("a|b\n`c`.ps1", ReportOutcome.Failed, "Deny", new ReportIssue(ReportSeverity.Error, "trust", "line one\n| fake | row |"))],
        };

        string[] lines = Lines(ReportWriter.RenderMarkdown(run));

        Assert.Equal(@"## CodeSignPS: Assert-CodeSigningPolicy, environment \# prod \| &lt;b&gt;", lines[0]);
        Assert.Contains(@"| a\|b<br>\`c\`.ps1 | Deny | trust: line one<br>\| fake \| row \| |", lines);
    }
}
