using System.Security.Cryptography;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>
/// Real policy decisions and verification results for the report tests: signed, tampered, unsigned and
/// foreign scripts under names with spaces, <c>%</c>, <c>#</c> and non-ASCII letters, a policy with a
/// valid, an expired and a stale exception, and environments in enforce, warn-only and audit mode.
/// </summary>
public sealed class ReportScenario : IDisposable
{
    public const string SpacedName = "scripts/My Script #1 100%.ps1";
    public const string UnicodeName = "scripts/Ünïcode ✓.ps1";

    private readonly TestPki _pki = TestPki.Create("Contoso");
    private readonly TestPki _stranger = TestPki.Create("Stranger");
    private readonly TempFolder _folder = new();

    public ReportScenario()
    {
        Root = Path.Combine(_folder.Path, "artifacts");
        Directory.CreateDirectory(Path.Combine(Root, "scripts"));
        Directory.CreateDirectory(Path.Combine(_folder.Path, "trust"));
        _pki.WriteRootPem(Path.Combine(_folder.Path, "trust", "contoso-root.pem"));

        _pki.SignFile(Write("scripts/Good.ps1", "Write-Output 'good'\n"));
        _pki.SignFile(Write(SpacedName, "Write-Output 'spaced'\n"));
        _pki.SignFile(Write("scripts/Tampered.ps1", "Write-Output 'before'\n"));
        File.WriteAllText(Path.Combine(Root, "scripts/Tampered.ps1"), File.ReadAllText(Path.Combine(Root, "scripts/Tampered.ps1")).Replace("before", "after!", StringComparison.Ordinal));
        Write("scripts/Unsigned.ps1", "Write-Output 'unsigned'\n");
        Write(UnicodeName, "Write-Output 'unicode'\n");
        _stranger.SignFile(Write("scripts/Stranger.ps1", "Write-Output 'stranger'\n"));
        Write("scripts/Excepted.ps1", "Write-Output 'excepted'\n");
        _pki.SignFile(Write("scripts/Lapsed.ps1", "Write-Output 'lapsed'\n"));
        Write("scripts/Changed.ps1", "Write-Output 'changed'\n");
        Write("notes.txt", "not covered");
        PolicyPath = WritePolicy();
    }

    /// <summary>The artifact root: the folder rule patterns are relative to.</summary>
    public string Root { get; }

    public string PolicyPath { get; }

    public string Folder => _folder.Path;

    public void Dispose()
    {
        _pki.Dispose();
        _stranger.Dispose();
        _folder.Dispose();
    }

    /// <summary>
    /// The decisions of every artifact in <paramref name="environment"/>: <c>prod</c> enforces with the
    /// timestamp check off, <c>stamped</c> adds a warn-only timestamp check, <c>dev</c> audits.
    /// </summary>
    public List<PolicyDecision> Evaluate(string environment)
    {
        EffectivePolicy effective = PolicyLoader.Load(PolicyPath).Resolve(environment);
        using var evaluator = new PolicyEvaluator(effective, PolicyTrustMaterial.Load(effective));
        ArtifactWalk walk = ArtifactWalker.Walk([Root], Root);
        return evaluator.Evaluate(walk.Artifacts).ToList();
    }

    public PolicyDecision Decision(string environment, string relativePath) =>
        Evaluate(environment).Single(decision => decision.RelativePath == relativePath);

    /// <summary>A report run of the decisions in <paramref name="environment"/>, as the policy cmdlets build it.</summary>
    public ReportRun PolicyRun(string environment, string command = "Assert-CodeSigningPolicy")
    {
        List<PolicyDecision> decisions = Evaluate(environment);
        DateTimeOffset start = DateTimeOffset.UtcNow.AddSeconds(-2);
        return new ReportRun
        {
            Command = command,
            ToolVersion = "0.1.0",
            StartTime = start,
            EndTime = start.AddSeconds(1.5),
            PolicyPath = PolicyPath,
            Environment = environment,
            Mode = decisions[0].Mode,
            Root = Root,
            Items = decisions.Select(decision => ReportItems.FromDecision(decision, Root)).ToArray(),
            Failed = decisions.Exists(decision => decision.Outcome == PolicyOutcome.Deny),
        };
    }

    /// <summary>A verification run over every script, as Get-CodeSignature with the policy's trust anchor would report it.</summary>
    public ReportRun VerificationRun()
    {
        var verifier = new SignatureVerifier(new VerificationOptions
        {
            TrustStores = [CodeSignPS.Core.Trust.TrustStoreLoader.Load(Path.Combine(_folder.Path, "trust", "contoso-root.pem"))],
            UseSystemTrust = false,
        });
        ReportItem[] items = Directory.GetFiles(Path.Combine(Root, "scripts")).Order(StringComparer.Ordinal)
            .Select(path => ReportItems.FromVerification(verifier.Verify(path, signaturePath: null, CancellationToken.None), Root))
            .ToArray();
        return new ReportRun
        {
            Command = "Get-CodeSignature",
            ToolVersion = "0.1.0",
            StartTime = DateTimeOffset.UtcNow,
            EndTime = DateTimeOffset.UtcNow,
            Root = Root,
            Items = items,
        };
    }

    /// <summary>The errors of a policy file with unknown keys and a bad version, as the loader reports them.</summary>
    public IReadOnlyList<PolicyError> BrokenPolicyErrors()
    {
        string path = Path.Combine(Root, "broken policy #2.yaml");
        File.WriteAllText(path, "version: 7\nrules:\n  - name: x\n    colour: blue\n");
        PolicyLoadException exception = Assert.Throws<PolicyLoadException>(() => PolicyLoader.Load(path));
        return exception.Errors;
    }

    public string FullPath(string relative) => Path.Combine(Root, relative);

    private string Write(string relative, string content)
    {
        string path = Path.Combine(Root, relative);
        File.WriteAllText(path, content);
        return path;
    }

    private string Sha256Of(string relative) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(Root, relative)))).ToLowerInvariant();

    private string WritePolicy()
    {
        string future = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string past = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string policy = $$"""
            version: 1
            trustStores:
              contoso-root: { role: codeSigning, class: enterprise, certificates: [trust/contoso-root.pem] }
            publishers:
              contoso:
                trustStores: [contoso-root]
                subject: { O: CodeSignPS Tests }
            defaults:
              checks: { timestamp: off }
            rules:
              - name: scripts
                include: ["**/*.ps1"]
                publishers: [contoso]
                minimumLevel: Internal
            environments:
              dev: { mode: audit }
              prod: { extends: dev, mode: enforce }
              stamped: { extends: prod, checks: { timestamp: warn } }
            exceptions:
              - path: scripts/Excepted.ps1
                sha256: {{Sha256Of("scripts/Excepted.ps1")}}
                environments: [prod, dev]
                reason: vendor fix pending
                ticket: OPS-1
                expires: {{future}}
              - path: scripts/Lapsed.ps1
                sha256: {{Sha256Of("scripts/Lapsed.ps1")}}
                environments: [prod, dev]
                reason: was unsigned once
                ticket: OPS-2
                expires: {{past}}
              - path: scripts/Changed.ps1
                sha256: {{new string('a', 64)}}
                environments: [prod, dev]
                reason: reviewed an older copy
                ticket: OPS-3
                expires: {{future}}
            """;
        string path = Path.Combine(_folder.Path, "policy.yaml");
        File.WriteAllText(path, policy);
        return path;
    }
}
