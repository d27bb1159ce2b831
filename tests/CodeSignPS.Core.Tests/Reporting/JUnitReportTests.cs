using System.Text;
using System.Xml;
using System.Xml.Linq;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>The JUnit XML report: structure, counts, escaping, on hand-built and real runs.</summary>
public sealed class JUnitReportTests : IClassFixture<ReportScenarioFixture>
{
    private readonly ReportScenario _scenario;

    public JUnitReportTests(ReportScenarioFixture fixture) => _scenario = fixture.Scenario;

    private static XDocument Parse(ReportRun run)
    {
        byte[] bytes = ReportWriter.Render(run, ReportFormat.JUnit);
        using var stream = new MemoryStream(bytes);
        using XmlReader reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return XDocument.Load(reader);
    }

    private static XElement Case(XDocument document, string name) =>
        document.Descendants("testcase").Single(element => (string?)element.Attribute("name") == name);

    private static int Attribute(XElement element, string name) => int.Parse((string)element.Attribute(name)!, System.Globalization.CultureInfo.InvariantCulture);

    // ---- structure and counts ----

    [Fact]
    public void Render_MixedRun_CountsEveryTestCase()
    {
        XDocument document = Parse(ReportRuns.Mixed());
        XElement suite = document.Root!.Element("testsuite")!;

        Assert.Equal("testsuites", document.Root!.Name.LocalName);
        Assert.Equal(8, Attribute(suite, "tests"));
        Assert.Equal(3, Attribute(suite, "failures"));
        Assert.Equal(0, Attribute(suite, "errors"));
        Assert.Equal(1, Attribute(suite, "skipped"));
        Assert.Equal("2.500", (string?)suite.Attribute("time"));
        Assert.Equal("2026-12-05T06:00:00", (string?)suite.Attribute("timestamp"));
        Assert.Equal(8, suite.Elements("testcase").Count());
        Assert.Equal(3, suite.Elements("testcase").Count(element => element.Element("failure") is not null));
        Assert.Equal(Attribute(suite, "tests"), Attribute(document.Root!, "tests"));
        Assert.Equal(Attribute(suite, "failures"), Attribute(document.Root!, "failures"));
        Assert.Null(document.Root!.Attribute("skipped"));
    }

    [Fact]
    public void Render_MixedRun_NamesSuiteAndClass()
    {
        XElement suite = Parse(ReportRuns.Mixed()).Root!.Element("testsuite")!;

        Assert.Equal("Assert-CodeSigningPolicy (prod)", (string?)suite.Attribute("name"));
        Assert.All(suite.Elements("testcase"), element => Assert.Equal("CodeSignPS.Assert-CodeSigningPolicy.prod", (string?)element.Attribute("classname")));
        Assert.Equal(ReportRuns.Under("a.ps1"), (string?)Case(Parse(ReportRuns.Mixed()), "a.ps1").Attribute("file"));
    }

    [Fact]
    public void Render_FailedArtifact_ListsEveryReasonInFailure()
    {
        XElement failure = Case(Parse(ReportRuns.Mixed()), "d.ps1").Element("failure")!;

        Assert.Equal("trust", (string?)failure.Attribute("type"));
        Assert.Equal("The signer is none of the publishers.", (string?)failure.Attribute("message"));
        Assert.Contains("error trust: The signer is none of the publishers.", failure.Value, StringComparison.Ordinal);
        Assert.Contains("warning timestamp: The signature has no timestamp.", failure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WarnedArtifact_PassesWithWarningInOutput()
    {
        XElement warned = Case(Parse(ReportRuns.Mixed()), "c.ps1");

        Assert.Null(warned.Element("failure"));
        Assert.Null(warned.Element("skipped"));
        Assert.Contains("warning timestamp", warned.Element("system-out")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SkippedArtifact_HasSkippedElement()
    {
        XElement skipped = Case(Parse(ReportRuns.Mixed()), "notes.txt");

        Assert.NotNull(skipped.Element("skipped"));
        Assert.Null(skipped.Element("failure"));
    }

    [Fact]
    public void Render_RunError_IsFailingTestCase()
    {
        XDocument document = Parse(ReportRuns.Mixed());
        XElement error = Case(document, "UnknownKey: policy.yaml(4,5)");
        XElement warning = Case(document, "SignedFileNotFound: x.p7s");

        Assert.Equal("UnknownKey", (string?)error.Element("failure")!.Attribute("type"));
        Assert.Contains("line 4, column 5", error.Element("failure")!.Value, StringComparison.Ordinal);
        Assert.Null(warning.Element("failure"));
        Assert.NotNull(warning.Element("system-out"));
    }

    [Fact]
    public void Render_EmptyRun_HasZeroCounts()
    {
        XElement suite = Parse(ReportRuns.Empty()).Root!.Element("testsuite")!;

        Assert.Equal(0, Attribute(suite, "tests"));
        Assert.Equal(0, Attribute(suite, "failures"));
        Assert.Empty(suite.Elements("testcase"));
        Assert.Equal("Test-CodeSigningPolicy", (string?)suite.Attribute("name"));
    }

    [Fact]
    public void Render_Output_IsUtf8WithoutByteOrderMark()
    {
        byte[] bytes = ReportWriter.Render(ReportRuns.OneFailure(ReportRuns.Under("Ünïcode.ps1"), "é"), ReportFormat.JUnit);

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("Ünïcode.ps1", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    // ---- characters XML forbids or must escape ----

    [Theory]
    [InlineData("bell\u0007.ps1", "bell[U+0007].ps1")]
    [InlineData("esc\u001B[31m.ps1", "esc[U+001B][31m.ps1")]
    [InlineData("noncharacter\uFFFE.ps1", "noncharacter[U+FFFE].ps1")]
    [InlineData("<tag> & \"quote\" 'apostrophe'.ps1", "<tag> & \"quote\" 'apostrophe'.ps1")]
    [InlineData("emoji 😀.ps1", "emoji 😀.ps1")]
    public void Render_SpecialCharactersInPath_StayWellFormedAndVisible(string name, string expected)
    {
        XDocument document = Parse(ReportRuns.OneFailure(ReportRuns.Under(name), $"message about {name}"));
        XElement testCase = document.Descendants("testcase").Single();

        Assert.Equal(expected, (string?)testCase.Attribute("name"));
        Assert.Equal($"message about {expected}", (string?)testCase.Element("failure")!.Attribute("message"));
    }

    [Fact]
    public void Render_UnpairedSurrogate_IsShownAsCodePoint()
    {
        // Not a theory row: xunit's serialisation of theory data replaces an unpaired surrogate.
        XDocument document = Parse(ReportRuns.OneFailure(ReportRuns.Under("lone\uD800.ps1"), "high \uD83D alone"));
        XElement testCase = document.Descendants("testcase").Single();

        Assert.Equal("lone[U+D800].ps1", (string?)testCase.Attribute("name"));
        Assert.Equal("high [U+D83D] alone", (string?)testCase.Element("failure")!.Attribute("message"));
    }

    [Fact]
    public void Render_NulInPath_IsShownAsCodePoint()
    {
        XElement testCase = Parse(ReportRuns.OneFailure(ReportRuns.Under("nul\0.ps1"), "nul \0 here")).Descendants("testcase").Single();

        Assert.Equal(ReportRuns.Under("nul[U+0000].ps1"), (string?)testCase.Attribute("name"));
        Assert.Equal("nul [U+0000] here", (string?)testCase.Element("failure")!.Attribute("message"));
    }

    [Fact]
    public void Render_MultiLineMessage_KeepsBodyLines()
    {
        XElement failure = Parse(ReportRuns.OneFailure(ReportRuns.Under("a.ps1"), "first\r\nsecond\tthird")).Descendants("failure").Single();

        Assert.Equal("first[U+000D][U+000A]second[U+0009]third", (string?)failure.Attribute("message"));
        Assert.Contains("second", failure.Value, StringComparison.Ordinal);
    }

    // ---- real runs ----

    [Fact]
    public void Render_RealProdRun_CountsMatchDecisions()
    {
        ReportRun run = _scenario.PolicyRun("prod");
        XElement suite = Parse(run).Root!.Element("testsuite")!;

        Assert.Equal(run.Items.Count, Attribute(suite, "tests"));
        Assert.Equal(run.Items.Count(item => item.Outcome == ReportOutcome.Failed), Attribute(suite, "failures"));
        Assert.Equal(1, Attribute(suite, "skipped"));
        Assert.NotNull(Case(Parse(run), ReportScenario.SpacedName));
        Assert.NotNull(Case(Parse(run), ReportScenario.UnicodeName).Element("failure"));
        Assert.Equal("integrity", (string?)Case(Parse(run), "scripts/Tampered.ps1").Element("failure")!.Attribute("type"));
    }

    [Fact]
    public void Render_RealVerificationRun_FailsInvalidSignatures()
    {
        ReportRun run = _scenario.VerificationRun();
        XDocument document = Parse(run);

        Assert.Null(Case(document, "scripts/Good.ps1").Element("failure"));
        Assert.Equal("HashMismatch", (string?)Case(document, "scripts/Tampered.ps1").Element("failure")!.Attribute("type"));
        Assert.Equal("CodeSignPS.Get-CodeSignature", (string?)Case(document, "scripts/Good.ps1").Attribute("classname"));
    }
}
