using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>The JSON report: run metadata, counts, and the hand-made projection of each item's detail.</summary>
public sealed class JsonReportTests : IClassFixture<ReportScenarioFixture>
{
    private readonly ReportScenario _scenario;

    public JsonReportTests(ReportScenarioFixture fixture) => _scenario = fixture.Scenario;

    private static JsonElement Parse(ReportRun run)
    {
        using JsonDocument document = JsonDocument.Parse(ReportWriter.Render(run, ReportFormat.Json));
        return document.RootElement.Clone();
    }

    private static JsonElement ItemOf(JsonElement root, string displayPath) =>
        root.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("displayPath").GetString() == displayPath);

    // ---- run metadata and counts ----

    [Fact]
    public void Render_MixedRun_HasMetadataAndCounts()
    {
        JsonElement root = Parse(ReportRuns.Mixed());
        JsonElement counts = root.GetProperty("counts");

        Assert.Equal(JsonReport.SchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("CodeSignPS", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal("Assert-CodeSigningPolicy", root.GetProperty("command").GetString());
        Assert.Equal("2026-12-05T06:00:00.000Z", root.GetProperty("startTime").GetString());
        Assert.Equal("2026-12-05T06:00:02.500Z", root.GetProperty("endTime").GetString());
        Assert.Equal(("prod", "Enforce"), (root.GetProperty("environment").GetString(), root.GetProperty("mode").GetString()));
        Assert.True(root.GetProperty("failed").GetBoolean());
        Assert.Equal("failed", root.GetProperty("result").GetString());
        Assert.Equal([6, 2, 1, 2, 1, 1, 1], new[] { "total", "passed", "warned", "failed", "skipped", "runErrors", "runWarnings" }.Select(name => counts.GetProperty(name).GetInt32()));
    }

    [Fact]
    public void Render_RunIssue_HasSeverityCodeAndPosition()
    {
        JsonElement issue = Parse(ReportRuns.Mixed()).GetProperty("runIssues")[0];

        Assert.Equal("Error", issue.GetProperty("severity").GetString());
        Assert.Equal("UnknownKey", issue.GetProperty("code").GetString());
        Assert.Equal((4, 5), (issue.GetProperty("line").GetInt32(), issue.GetProperty("column").GetInt32()));
        Assert.Equal(JsonValueKind.Null, Parse(ReportRuns.Mixed()).GetProperty("runIssues")[1].GetProperty("line").ValueKind);
    }

    [Fact]
    public void Render_EmptyRun_HasEmptyArraysAndNulls()
    {
        JsonElement root = Parse(ReportRuns.Empty());

        Assert.Equal(0, root.GetProperty("items").GetArrayLength());
        Assert.Equal(0, root.GetProperty("runIssues").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("environment").ValueKind);
        Assert.Equal("passed", root.GetProperty("result").GetString());
    }

    [Fact]
    public void Render_Output_IsIndentedUtf8()
    {
        byte[] bytes = ReportWriter.Render(ReportRuns.OneFailure(ReportRuns.Under("Ünïcode ✓.ps1"), "changed"), ReportFormat.Json);
        string text = Encoding.UTF8.GetString(bytes);

        Assert.Equal((byte)'{', bytes[0]);
        Assert.Contains("\n  \"schemaVersion\": 1,", text, StringComparison.Ordinal);
        Assert.Contains("Ünïcode ✓.ps1", text, StringComparison.Ordinal);
    }

    // ---- decision detail ----

    [Fact]
    public void Render_RealDecision_ProjectsChecksAndCertificates()
    {
        JsonElement decision = ItemOf(Parse(_scenario.PolicyRun("prod")), "scripts/Good.ps1").GetProperty("decision");
        JsonElement verification = decision.GetProperty("verification");
        JsonElement signer = verification.GetProperty("signerCertificate");

        Assert.Equal(("Allow", "Enforce", "scripts", "contoso"), (decision.GetProperty("outcome").GetString(), decision.GetProperty("mode").GetString(), decision.GetProperty("rule").GetString(), decision.GetProperty("publisher").GetString()));
        Assert.Equal("Internal", decision.GetProperty("validationLevel").GetString());
        Assert.Equal(["integrity", "trust", "timestamp", "expiry", "revocation", "algorithms"], decision.GetProperty("checks").EnumerateArray().Select(check => check.GetProperty("check").GetString()));
        Assert.Equal("Off", decision.GetProperty("checks")[2].GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Null, decision.GetProperty("checks")[2].GetProperty("passed").ValueKind);
        Assert.Equal("Valid", verification.GetProperty("status").GetString());
        Assert.Contains("CN=Contoso Code Signing", signer.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal(40, signer.GetProperty("thumbprint").GetString()!.Length);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", signer.GetProperty("notAfter").GetString());
        Assert.Equal(["subject", "issuer", "thumbprint", "serialNumber", "notBefore", "notAfter"], signer.EnumerateObject().Select(property => property.Name));
        Assert.True(verification.GetProperty("chain").GetArrayLength() >= 2);
    }

    [Fact]
    public void Render_RealRun_HoldsNoEncodedCertificate()
    {
        ReportRun run = _scenario.PolicyRun("prod");
        string text = Encoding.UTF8.GetString(ReportWriter.Render(run, ReportFormat.Json));
        X509Certificate2 signer = run.Items.Select(item => ((PolicyDecision)item.Detail!).Verification?.SignerCertificate).First(certificate => certificate is not null)!;

        Assert.DoesNotContain(Convert.ToBase64String(signer.RawData)[..40], text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(signer.GetPublicKey())[..40], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"rawData\"", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"publicKey\"", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"privateKey\"", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_ExceptionUsed_ProjectsException()
    {
        JsonElement decision = ItemOf(Parse(_scenario.PolicyRun("prod")), "scripts/Excepted.ps1").GetProperty("decision");
        JsonElement exception = decision.GetProperty("exception");

        Assert.Equal(("scripts/Excepted.ps1", "OPS-1", "vendor fix pending"), (exception.GetProperty("path").GetString(), exception.GetProperty("ticket").GetString(), exception.GetProperty("reason").GetString()));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", exception.GetProperty("expires").GetString());
        Assert.Equal(["prod", "dev"], exception.GetProperty("environments").EnumerateArray().Select(environment => environment.GetString()));
        Assert.False(decision.GetProperty("isExceptionExpired").GetBoolean());
        Assert.Equal(2, decision.GetProperty("reasons").GetArrayLength());
    }

    [Fact]
    public void Render_UncoveredDecision_HasNullVerification()
    {
        JsonElement item = ItemOf(Parse(_scenario.PolicyRun("prod")), "notes.txt");

        Assert.Equal("Skipped", item.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("decision").GetProperty("verification").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("decision").GetProperty("exception").ValueKind);
    }

    // ---- other details ----

    [Fact]
    public void Render_VerificationRun_ProjectsVerification()
    {
        JsonElement item = ItemOf(Parse(_scenario.VerificationRun()), "scripts/Tampered.ps1");
        JsonElement verification = item.GetProperty("verification");

        Assert.Equal("HashMismatch", verification.GetProperty("status").GetString());
        Assert.False(verification.GetProperty("isIntegrityValid").GetBoolean());
        Assert.Equal("NoCheck", verification.GetProperty("revocationMode").GetString());
        Assert.Contains(verification.GetProperty("checks").EnumerateArray(), check => check.GetProperty("name").GetString() == CheckNames.Integrity);
    }

    [Fact]
    public void Render_SignOutcome_ProjectsSigning()
    {
        VerificationResult result = new() { Path = ReportRuns.Under("a.ps1"), Status = SignatureStatus.Valid, StatusMessage = "ok" };
        ReportItem item = ReportItems.FromSignOutcome(new SignOutcome { Path = result.Path, Result = result, Skipped = true, Warnings = ["No BOM."] }, ReportRuns.Root);
        ReportRun run = new() { Command = "Set-CodeSignature", ToolVersion = "0.1.0", Items = [item] };

        JsonElement signing = Parse(run).GetProperty("items")[0].GetProperty("signing");

        Assert.True(signing.GetProperty("skipped").GetBoolean());
        Assert.Equal("No BOM.", signing.GetProperty("warnings")[0].GetString());
        Assert.Equal("Valid", signing.GetProperty("verification").GetProperty("status").GetString());
    }

    [Fact]
    public void Render_UnknownDetail_NamesTypeOnly()
    {
        ReportItem item = new() { Path = ReportRuns.Under("a"), DisplayPath = "a", Status = "Odd", Detail = new Uri("https://example.invalid/secret") };
        ReportRun run = new() { Command = "Get-CodeSignature", ToolVersion = "0.1.0", Items = [item] };

        JsonElement detail = Parse(run).GetProperty("items")[0].GetProperty("detail");

        Assert.Equal("System.Uri", detail.GetProperty("type").GetString());
        Assert.DoesNotContain("secret", Encoding.UTF8.GetString(ReportWriter.Render(run, ReportFormat.Json)), StringComparison.Ordinal);
    }
}
