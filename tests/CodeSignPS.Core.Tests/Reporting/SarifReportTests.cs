using System.Text.Json;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>The SARIF report's content: rules, results, locations and URIs.</summary>
public sealed class SarifReportTests
{
    private static JsonElement RunOf(ReportRun run)
    {
        using JsonDocument document = JsonDocument.Parse(ReportWriter.Render(run, ReportFormat.Sarif));
        JsonElement root = document.RootElement.Clone();
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Equal(1, root.GetProperty("runs").GetArrayLength());
        return root.GetProperty("runs")[0];
    }

    private static JsonElement[] Results(JsonElement run) => run.GetProperty("results").EnumerateArray().ToArray();

    private static string UriOf(JsonElement result) =>
        result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;

    // ---- rules and results ----

    [Fact]
    public void Render_MixedRun_HasResultPerIssue()
    {
        JsonElement run = RunOf(ReportRuns.Mixed());
        string[] ruleIds = Results(run).Select(result => result.GetProperty("ruleId").GetString()!).ToArray();

        Assert.Equal(["timestamp", "trust", "timestamp", "integrity", "UnknownKey", "SignedFileNotFound"], ruleIds);
        Assert.Equal(["warning", "error", "warning", "error", "error", "warning"], Results(run).Select(result => result.GetProperty("level").GetString()));
    }

    [Fact]
    public void Render_MixedRun_HasRulePerCode()
    {
        JsonElement run = RunOf(ReportRuns.Mixed());
        JsonElement[] rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToArray();

        Assert.Equal(["timestamp", "trust", "integrity", "UnknownKey", "SignedFileNotFound"], rules.Select(rule => rule.GetProperty("id").GetString()));
        Assert.Equal(["TimestampCheck", "TrustCheck", "IntegrityCheck", "UnknownKeyFinding", "SignedFileNotFoundFinding"], rules.Select(rule => rule.GetProperty("name").GetString()));
        Assert.Equal("error", rules[1].GetProperty("defaultConfiguration").GetProperty("level").GetString());
        foreach (JsonElement result in Results(run))
        {
            int index = result.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(result.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
        }
    }

    [Fact]
    public void Render_Driver_NamesToolAndVersion()
    {
        JsonElement driver = RunOf(ReportRuns.Mixed()).GetProperty("tool").GetProperty("driver");

        Assert.Equal("CodeSignPS", driver.GetProperty("name").GetString());
        Assert.Equal("0.1.0", driver.GetProperty("version").GetString());
        Assert.Equal("0.1.0", driver.GetProperty("semanticVersion").GetString());
        Assert.False(driver.TryGetProperty("informationUri", out _));
    }

    [Fact]
    public void Render_Invocation_ReportsSuccessAndTimes()
    {
        JsonElement failed = RunOf(ReportRuns.Mixed()).GetProperty("invocations")[0];
        JsonElement passed = RunOf(ReportRuns.Empty()).GetProperty("invocations")[0];

        Assert.False(failed.GetProperty("executionSuccessful").GetBoolean());
        Assert.True(passed.GetProperty("executionSuccessful").GetBoolean());
        Assert.Equal("2026-12-05T06:00:00.000Z", failed.GetProperty("startTimeUtc").GetString());
        Assert.Equal("2026-12-05T06:00:02.500Z", failed.GetProperty("endTimeUtc").GetString());
    }

    [Fact]
    public void Render_EmptyRun_HasNoResults()
    {
        JsonElement run = RunOf(ReportRuns.Empty());

        Assert.Empty(Results(run));
        Assert.Equal(0, run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength());
        Assert.False(run.TryGetProperty("originalUriBaseIds", out _));
    }

    // ---- locations ----

    [Fact]
    public void Render_PolicyError_HasRegion()
    {
        JsonElement location = Results(RunOf(ReportRuns.Mixed()))[4].GetProperty("locations")[0].GetProperty("physicalLocation");

        Assert.Equal("policy.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(4, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(5, location.GetProperty("region").GetProperty("startColumn").GetInt32());
        Assert.False(Results(RunOf(ReportRuns.Mixed()))[0].GetProperty("locations")[0].GetProperty("physicalLocation").TryGetProperty("region", out _));
    }

    [Fact]
    public void Render_WithRoot_UsesRelativeUris()
    {
        JsonElement run = RunOf(ReportRuns.Mixed());
        JsonElement artifact = Results(run)[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        string baseUri = run.GetProperty("originalUriBaseIds").GetProperty(SarifUris.RootBaseId).GetProperty("uri").GetString()!;

        Assert.Equal("c.ps1", artifact.GetProperty("uri").GetString());
        Assert.Equal(SarifUris.RootBaseId, artifact.GetProperty("uriBaseId").GetString());
        Assert.StartsWith("file:///", baseUri, StringComparison.Ordinal);
        Assert.EndsWith("/csps-report-root/", baseUri, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithoutRoot_UsesAbsoluteFileUris()
    {
        JsonElement run = RunOf(ReportRuns.Mixed(root: null));

        Assert.All(Results(run), result => Assert.StartsWith("file:///", UriOf(result), StringComparison.Ordinal));
        Assert.All(Results(run), result => Assert.False(result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").TryGetProperty("uriBaseId", out _)));
        Assert.False(run.TryGetProperty("originalUriBaseIds", out _));
    }

    [Fact]
    public void Render_FileOutsideRoot_UsesAbsoluteFileUri()
    {
        string outside = Path.Combine(Path.GetTempPath(), "other place", "a.ps1");

        string uri = UriOf(Results(RunOf(ReportRuns.OneFailure(outside, "changed")))[0]);

        Assert.StartsWith("file:///", uri, StringComparison.Ordinal);
        Assert.EndsWith("/other%20place/a.ps1", uri, StringComparison.Ordinal);
    }

    // ---- URI encoding ----

    [Theory]
    [InlineData("plain/a.ps1", "plain/a.ps1")]
    [InlineData("with space/#1 100%.ps1", "with%20space/%231%20100%25.ps1")]
    [InlineData("what?.ps1", "what%3F.ps1")]
    [InlineData("a:b.ps1", "a%3Ab.ps1")]
    [InlineData("Ü.ps1", "%C3%9C.ps1")]
    [InlineData("✓.ps1", "%E2%9C%93.ps1")]
    [InlineData("😀.ps1", "%F0%9F%98%80.ps1")]
    [InlineData("[x]~y_z-1.ps1", "%5Bx%5D~y_z-1.ps1")]
    public void EncodePath_ReservedAndNonAscii_ArePercentEncoded(string path, string expected)
    {
        Assert.Equal(expected, SarifUris.EncodePath(path));
    }

    [Theory]
    [InlineData("/srv/build/a b#.ps1", "file:///srv/build/a%20b%23.ps1")]
    [InlineData(@"C:\Build Agent\a.ps1", "file:///C:/Build%20Agent/a.ps1")]
    [InlineData(@"\\server\share\a b.ps1", "file://server/share/a%20b.ps1")]
    public void FileUri_FullPaths_BecomeFileUris(string path, string expected)
    {
        Assert.Equal(expected, SarifUris.FileUri(path));
    }

    [Fact]
    public void Render_AwkwardName_IsEncodedRelativeUri()
    {
        string uri = UriOf(Results(RunOf(ReportRuns.OneFailure(ReportRuns.Under("sub dir/#1 100% Ü.ps1"), "changed")))[0]);

        Assert.Equal("sub%20dir/%231%20100%25%20%C3%9C.ps1", uri);
    }
}
