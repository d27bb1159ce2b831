using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Policy.Eval;

/// <summary>The evaluator on real signed scripts, through the policy loader and the trust material.</summary>
public sealed class EvalEndToEndTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create("Contoso");
    private readonly TestPki _stranger = TestPki.Create("Stranger");
    private readonly TempFolder _folder = new();
    private readonly string _root;

    public EvalEndToEndTests()
    {
        _root = Path.Combine(_folder.Path, "artifacts");
        Directory.CreateDirectory(Path.Combine(_root, "scripts"));
        Directory.CreateDirectory(Path.Combine(_folder.Path, "trust"));
        _pki.WriteRootPem(Path.Combine(_folder.Path, "trust", "contoso-root.pem"));

        _pki.SignFile(Write("scripts/Good.ps1", "Write-Output 'good'\n"));
        _pki.SignFile(Write("scripts/Tampered.ps1", "Write-Output 'before'\n"));
        File.WriteAllText(Path.Combine(_root, "scripts/Tampered.ps1"), File.ReadAllText(Path.Combine(_root, "scripts/Tampered.ps1")).Replace("before", "after!", StringComparison.Ordinal));
        Write("scripts/Unsigned.ps1", "Write-Output 'unsigned'\n");
        _stranger.SignFile(Write("scripts/Stranger.ps1", "Write-Output 'stranger'\n"));
        Write("notes.txt", "not covered");
    }

    public void Dispose()
    {
        _pki.Dispose();
        _stranger.Dispose();
        _folder.Dispose();
    }

    private string Write(string relative, string content)
    {
        string path = Path.Combine(_root, relative);
        File.WriteAllText(path, content);
        return path;
    }

    private string WritePolicy(string exceptions = "")
    {
        string policy = $"""
            version: 1
            trustStores:
              contoso-root: {"{"} role: codeSigning, class: enterprise, certificates: [trust/contoso-root.pem] {"}"}
            publishers:
              contoso:
                trustStores: [contoso-root]
                subject: {"{"} O: CodeSignPS Tests {"}"}
            defaults:
              checks: {"{"} timestamp: off {"}"}
            rules:
              - name: scripts
                include: ["**/*.ps1"]
                publishers: [contoso]
                minimumLevel: Internal
            environments:
              dev: {"{"} mode: audit {"}"}
              staging: {"{"} extends: dev, mode: enforce {"}"}
              prod: {"{"} extends: staging {"}"}
            {exceptions}
            """;
        string path = Path.Combine(_folder.Path, "policy.yaml");
        File.WriteAllText(path, policy);
        return path;
    }

    private List<PolicyDecision> Evaluate(string policyPath, string environment)
    {
        EffectivePolicy effective = PolicyLoader.Load(policyPath).Resolve(environment);
        using var evaluator = new PolicyEvaluator(effective, PolicyTrustMaterial.Load(effective));
        ArtifactWalk walk = ArtifactWalker.Walk([_root], _root);
        return evaluator.Evaluate(walk.Artifacts).ToList();
    }

    private static PolicyOutcome OutcomeOf(List<PolicyDecision> decisions, string relativePath)
        => decisions.Single(decision => decision.RelativePath == relativePath).Outcome;

    // ---- enforce and audit ----

    [Fact]
    public void Evaluate_Prod_AllowsGoodAndDeniesBadArtifacts()
    {
        List<PolicyDecision> decisions = Evaluate(WritePolicy(), "prod");

        Assert.Equal(PolicyOutcome.Allow, OutcomeOf(decisions, "scripts/Good.ps1"));
        Assert.Equal(PolicyOutcome.Deny, OutcomeOf(decisions, "scripts/Tampered.ps1"));
        Assert.Equal(PolicyOutcome.Deny, OutcomeOf(decisions, "scripts/Unsigned.ps1"));
        Assert.Equal(PolicyOutcome.Deny, OutcomeOf(decisions, "scripts/Stranger.ps1"));
        Assert.Equal(PolicyOutcome.Skipped, OutcomeOf(decisions, "notes.txt"));
    }

    [Fact]
    public void Evaluate_Prod_NamesRuleAndPublisherOfGoodScript()
    {
        PolicyDecision good = Evaluate(WritePolicy(), "prod").Single(decision => decision.RelativePath == "scripts/Good.ps1");

        Assert.Equal("scripts", good.Rule);
        Assert.Equal("contoso", good.Publisher);
        Assert.Equal(CodeSignPS.Core.Trust.ValidationLevel.Internal, good.ValidationLevel);
        Assert.Empty(good.Reasons);
    }

    [Fact]
    public void Evaluate_DevInAuditMode_ReportsAuditInsteadOfDeny()
    {
        List<PolicyDecision> decisions = Evaluate(WritePolicy(), "dev");

        Assert.Equal(PolicyOutcome.Audit, OutcomeOf(decisions, "scripts/Tampered.ps1"));
        Assert.Equal(PolicyOutcome.Audit, OutcomeOf(decisions, "scripts/Stranger.ps1"));
        Assert.DoesNotContain(decisions, decision => decision.Outcome == PolicyOutcome.Deny);
    }

    [Fact]
    public void Evaluate_Decisions_ComeInWalkOrder()
    {
        List<PolicyDecision> decisions = Evaluate(WritePolicy(), "prod");

        Assert.Equal(decisions.Select(decision => decision.RelativePath).Order(StringComparer.Ordinal), decisions.Select(decision => decision.RelativePath));
    }

    // ---- exceptions ----

    [Fact]
    public void Evaluate_ValidException_AllowsUnsignedScriptNamingTicket()
    {
        string sha256 = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(_root, "scripts/Unsigned.ps1")))).ToLowerInvariant();
        string exceptions = $"""
            exceptions:
              - path: scripts/Unsigned.ps1
                sha256: {sha256}
                environments: [prod]
                reason: pending
                ticket: OPS-77
                expires: {DateTime.UtcNow.AddDays(30):yyyy-MM-dd}
            """;

        PolicyDecision decision = Evaluate(WritePolicy(exceptions), "prod").Single(decision => decision.RelativePath == "scripts/Unsigned.ps1");

        Assert.Equal(PolicyOutcome.Allow, decision.Outcome);
        Assert.Contains("OPS-77", decision.Reasons[0]);
    }
}
