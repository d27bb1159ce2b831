using System.Security.Cryptography;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Policy.Integration;

/// <summary>
/// The policy's <c>algorithms</c> block decides which digests and key sizes pass, with the action of
/// <c>checks.algorithms</c>: verification under a policy applies no floor of its own, so the chain is
/// judged either way and the trust check reports only on trust.
/// </summary>
public sealed class PolicyAlgorithmFloorTests : IDisposable
{
    private readonly TestPki _weak = TestPki.Create("Weak", leafRsaBits: 1024);
    private readonly TestPki _strong = TestPki.Create("Strong");
    private readonly TempFolder _folder = new();
    private readonly string _root;

    public PolicyAlgorithmFloorTests()
    {
        _root = Path.Combine(_folder.Path, "artifacts");
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(Path.Combine(_folder.Path, "trust"));
        _weak.WriteRootPem(Path.Combine(_folder.Path, "trust", "weak-root.pem"));
        _strong.WriteRootPem(Path.Combine(_folder.Path, "trust", "strong-root.pem"));
    }

    public void Dispose()
    {
        _weak.Dispose();
        _strong.Dispose();
        _folder.Dispose();
    }

    // ---- weaker than the default floor ----
    [Fact]
    public void Evaluate_Rsa1024Sha1AcceptedByPolicy_Allows()
    {
        SignByHand("Legacy.ps1", _weak, HashAlgorithmName.SHA1);

        PolicyDecision decision = Evaluate(algorithms: "{ digests: [sha256, sha1], minRsaBits: 1024 }");

        Assert.Equal(PolicyOutcome.Allow, decision.Outcome);
        Assert.True(CheckOf(decision, PolicyCheck.Trust).Passed);
        Assert.True(CheckOf(decision, PolicyCheck.Algorithms).Passed);
        Assert.Equal(SignatureStatus.Valid, decision.Verification!.Status);
    }

    [Theory]
    [InlineData("enforce", PolicyOutcome.Deny)]
    [InlineData("warn", PolicyOutcome.Warn)]
    [InlineData("off", PolicyOutcome.Allow)]
    public void Evaluate_Rsa1024UnderDefaultFloors_AlgorithmsActionDecides(string action, PolicyOutcome expected)
    {
        SignByHand("Legacy.ps1", _weak, HashAlgorithmName.SHA256);

        PolicyDecision decision = Evaluate(algorithmsAction: action);

        Assert.Equal(expected, decision.Outcome);
        Assert.True(CheckOf(decision, PolicyCheck.Trust).Passed);
        Assert.Equal(action == "off" ? null : false, CheckOf(decision, PolicyCheck.Algorithms).Passed);
    }

    [Fact]
    public void Evaluate_Sha1UnderDefaultDigests_FailsAlgorithmsNamingTheDigest()
    {
        SignByHand("Legacy.ps1", _weak, HashAlgorithmName.SHA1);

        PolicyDecision decision = Evaluate(algorithms: "{ minRsaBits: 1024 }");

        Assert.Equal(PolicyOutcome.Deny, decision.Outcome);
        Assert.True(CheckOf(decision, PolicyCheck.Trust).Passed);
        PolicyCheckResult algorithms = CheckOf(decision, PolicyCheck.Algorithms);
        Assert.False(algorithms.Passed);
        Assert.Contains("SHA1", algorithms.Message, StringComparison.Ordinal);
        Assert.Contains("algorithms.digests", algorithms.Message, StringComparison.Ordinal);
    }

    // ---- stricter than the default floor ----
    [Fact]
    public void Evaluate_Rsa2048UnderMinRsaBits3072_DeniesOnAlgorithmsAlone()
    {
        SignNormally("Modern.ps1", _strong);

        PolicyDecision decision = Evaluate(algorithms: "{ minRsaBits: 3072 }", store: "strong-root.pem");

        Assert.Equal(PolicyOutcome.Deny, decision.Outcome);
        Assert.True(CheckOf(decision, PolicyCheck.Trust).Passed);
        PolicyCheckResult algorithms = CheckOf(decision, PolicyCheck.Algorithms);
        Assert.False(algorithms.Passed);
        Assert.Contains("3072", algorithms.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Rsa2048UnderMinRsaBits3072Warned_Warns()
    {
        SignNormally("Modern.ps1", _strong);

        PolicyDecision decision = Evaluate(algorithmsAction: "warn", algorithms: "{ minRsaBits: 3072 }", store: "strong-root.pem");

        Assert.Equal(PolicyOutcome.Warn, decision.Outcome);
        Assert.True(CheckOf(decision, PolicyCheck.Trust).Passed);
    }

    // ---- the verification option itself ----
    [Fact]
    public void Verify_DefaultFloors_StillStopsAtRsa1024()
    {
        string path = SignByHand("Legacy.ps1", _weak, HashAlgorithmName.SHA256);

        VerificationResult result = new SignatureVerifier(Trusting(_weak)).Verify(path);

        Assert.Equal(SignatureStatus.WeakAlgorithm, result.Status);
    }

    [Fact]
    public void Verify_NoFloors_JudgesTheChainOfRsa1024Sha1()
    {
        string path = SignByHand("Legacy.ps1", _weak, HashAlgorithmName.SHA1);

        VerificationResult result = new SignatureVerifier(Trusting(_weak) with { AlgorithmFloors = AlgorithmFloors.None }).Verify(path);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal("SHA1", result.HashAlgorithm);
    }

    [Fact]
    public void Verify_StricterFloors_StopsAtRsa2048()
    {
        string path = SignNormally("Modern.ps1", _strong);

        VerificationResult result = new SignatureVerifier(Trusting(_strong) with { AlgorithmFloors = new AlgorithmFloors { MinRsaBits = 3072 } }).Verify(path);

        Assert.Equal(SignatureStatus.WeakAlgorithm, result.Status);
        Assert.Contains("at least 3072 bits", result.StatusMessage, StringComparison.Ordinal);
    }

    private static VerificationOptions Trusting(TestPki pki)
        => new() { TrustStores = [new CodeSignPS.Core.Trust.TrustStore("test", new System.Security.Cryptography.X509Certificates.X509Certificate2Collection(pki.Root))] };

    private PolicyDecision Evaluate(string algorithmsAction = "enforce", string algorithms = "{}", string store = "weak-root.pem")
    {
        string policy = $"""
            version: 1
            trustStores:
              corp-root: {"{"} role: codeSigning, class: enterprise, certificates: [trust/{store}] {"}"}
            publishers:
              corp: {"{"} trustStores: [corp-root] {"}"}
            defaults:
              checks: {"{"} timestamp: off, algorithms: {algorithmsAction} {"}"}
              algorithms: {algorithms}
            rules:
              - {"{"} name: scripts, include: ["*.ps1"], publishers: [corp] {"}"}
            environments:
              prod: {"{"}{"}"}
            """;
        string policyPath = Path.Combine(_folder.Path, "policy.yaml");
        File.WriteAllText(policyPath, policy);

        EffectivePolicy effective = PolicyLoader.Load(policyPath).Resolve("prod");
        using var evaluator = new PolicyEvaluator(effective, PolicyTrustMaterial.Load(effective));
        return Assert.Single(evaluator.Evaluate(ArtifactWalker.Walk([_root], _root).Artifacts));
    }

    private static PolicyCheckResult CheckOf(PolicyDecision decision, PolicyCheck check) => decision.Checks.Single(result => result.Check == check);

    private string SignNormally(string name, TestPki pki)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, "Write-Output 'modern'\n");
        pki.SignFile(path);
        return path;
    }

    // FileSigner rejects weak keys and digests, so this signature is put together by hand, as older tools made them.
    private string SignByHand(string name, TestPki pki, HashAlgorithmName digestAlgorithm)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, "Write-Output 'legacy'\r\n");
        ArtifactFormat format = ArtifactFormatFactory.TryGetFormat(path)!;
        byte[] content = File.ReadAllBytes(path);
        byte[] digest = format.ComputeDigest(content, digestAlgorithm, FormatOptions.Default);
        using RecordingSigningKey key = new(pki.Leaf, pki.Intermediate);
        byte[] signature = AuthenticodeSignatureBuilder.Build(format.CreateIndirectData(digest, digestAlgorithm), key, digestAlgorithm, ChainInclusion.NotRoot);
        File.WriteAllBytes(path, format.Embed(content, signature, FormatOptions.Default));
        return path;
    }
}
