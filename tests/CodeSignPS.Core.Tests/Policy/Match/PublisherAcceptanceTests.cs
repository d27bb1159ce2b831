using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Tests.Trust;
using CodeSignPS.Core.Trust;
using static CodeSignPS.Core.Tests.Policy.Match.PolicyFactory;

namespace CodeSignPS.Core.Tests.Policy.Match;

public sealed class PublisherAcceptanceTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly X509Certificate2 _contosoRoot = MatchPki.Root("CN=Contoso Root");
    private readonly X509Certificate2 _publicRoot = MatchPki.Root("CN=Public Root");
    private readonly PolicyDocument _document;

    public PublisherAcceptanceTests()
    {
        _folder.Write("contoso.cer", _contosoRoot.RawData);
        _folder.Write("public.pem", _publicRoot.ExportCertificatePem());
        _document = Document(
            _folder.File("policy.yaml"),
            stores:
            [
                Store("contoso-root", TrustStoreClass.Enterprise, TrustStoreRole.CodeSigning, "contoso.cer"),
                Store("public-roots", TrustStoreClass.Public, TrustStoreRole.CodeSigning, "public.pem"),
            ],
            publishers:
            [
                Publisher("contoso-release", ["contoso-root"], subject: Names(("CN", "Contoso Release Signing"), ("O", "Contoso Ltd"))),
                Publisher("vendor", ["public-roots"], subject: Names(("O", "Fabrikam Inc"))),
            ],
            rules:
            [
                Rule("our-scripts", 0, ["**/*.ps1"], publishers: ["contoso-release"], minimumLevel: ValidationLevel.Internal),
                Rule("vendor-modules", 1, ["vendor/**/*.psm1"], publishers: ["vendor"], minimumLevel: ValidationLevel.OV),
            ]);
    }

    public void Dispose()
    {
        _contosoRoot.Dispose();
        _publicRoot.Dispose();
        _folder.Dispose();
    }

    // ---- which rule accepts which publisher ----
    [Theory]
    [InlineData("contoso", "CN=Contoso Release Signing, O=Contoso Ltd", true, "our-scripts")]
    [InlineData("public", "CN=Fabrikam Code, O=Fabrikam Inc", true, "vendor-modules")]
    [InlineData("public", "CN=Contoso Release Signing, O=Contoso Ltd", false, null)]
    [InlineData("contoso", "CN=Fabrikam Code, O=Fabrikam Inc", false, null)]
    public void Test_Publisher_AcceptedByMatchingRule(string root, string subject, bool accepted, string? rule)
    {
        using X509Certificate2 signer = MatchPki.Leaf(root == "contoso" ? _contosoRoot : _publicRoot, subject);

        PublisherAcceptanceResult result = Run(signer, Effective(_document, "dev"));

        Assert.Equal(accepted, result.Accepted);
        Assert.True(result.ChainTrusted);
        Assert.Equal(rule, result.Rules.SingleOrDefault(item => item.Accepted)?.Rule);
        Assert.All(result.Rules, item => Assert.Equal(item.Accepted, item.Reasons.Count == 0));
        Assert.Equal(result.Rules.Sum(item => item.Reasons.Count), result.Reasons.Count(reason => reason.StartsWith("Rule '", StringComparison.Ordinal)));
    }

    // ---- the level against each rule's effective minimum ----
    [Theory]
    [InlineData(new string[0], ValidationLevel.Unknown, false)]
    [InlineData(new[] { MatchPki.EvOid }, ValidationLevel.Unknown, true)]
    [InlineData(new[] { MatchPki.EvOid }, ValidationLevel.EV, true)]
    public void Test_ProdNeedsEvForVendor_AcceptsOnlyEv(string[] oids, ValidationLevel environmentMinimum, bool accepted)
    {
        using X509Certificate2 signer = MatchPki.Leaf(_publicRoot, "CN=Fabrikam Code, O=Fabrikam Inc", oids);
        var ruleLevels = new Dictionary<string, ValidationLevel> { ["vendor-modules"] = ValidationLevel.EV };

        PublisherAcceptanceResult result = Run(signer, Effective(_document, "prod", environmentMinimum, ruleLevels));

        Assert.Equal(accepted, result.Accepted);
        RuleAcceptance vendor = result.Rules.Single(rule => rule.Rule == "vendor-modules");
        Assert.Equal(ValidationLevel.EV, vendor.MinimumLevel);
        Assert.Equal("vendor", vendor.Publisher);
        if (!accepted)
        {
            Assert.Contains(vendor.Reasons, reason => reason.Contains("needs level EV or higher in environment 'prod', but the certificate is OV", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Test_EnvironmentMinimumAboveInternal_RejectsEnterpriseSigner()
    {
        using X509Certificate2 signer = MatchPki.Leaf(_contosoRoot, "CN=Contoso Release Signing, O=Contoso Ltd");

        PublisherAcceptanceResult result = Run(signer, Effective(_document, "prod", ValidationLevel.OV));

        Assert.False(result.Accepted);
        Assert.Equal(ValidationLevel.Internal, result.Level);
        Assert.Equal("contoso-root", result.TrustStore);
        Assert.Contains(result.Reasons, reason => reason.Contains("Rule 'our-scripts': It needs level OV", StringComparison.Ordinal));
    }

    // ---- the chain decides before any rule ----
    [Fact]
    public void Test_UnknownRoot_NotAcceptedAndSaysWhy()
    {
        using X509Certificate2 strangerRoot = MatchPki.Root("CN=Stranger Root");
        using X509Certificate2 signer = MatchPki.Leaf(strangerRoot, "CN=Contoso Release Signing, O=Contoso Ltd");

        PublisherAcceptanceResult result = Run(signer, Effective(_document, "dev"));

        Assert.False(result.Accepted);
        Assert.False(result.ChainTrusted);
        Assert.Null(result.TrustStore);
        Assert.Equal(ValidationLevel.Unknown, result.Level);
        Assert.Contains("'contoso-root', 'public-roots'", result.Reasons[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CheckAction.Enforce, false)]
    [InlineData(CheckAction.Warn, true)]
    public void Test_ExpiredCertificate_FollowsExpiryAction(CheckAction expiry, bool accepted)
    {
        using X509Certificate2 signer = MatchPki.Leaf(_contosoRoot, "CN=Contoso Release Signing, O=Contoso Ltd");

        PublisherAcceptanceResult result = PublisherAcceptance.Test(
            signer, "Pipeline", Effective(_document, "dev", expiry: expiry), PolicyTrustMaterial.Load(Effective(_document)), TestPki.LeafNotAfter.UtcDateTime.AddDays(1));

        Assert.Equal(accepted, result.Accepted);
        Assert.Contains(result.Reasons, reason => reason.Contains($"expiry check is {expiry.ToString().ToLowerInvariant()}", StringComparison.Ordinal));
    }

    // ---- rules that cannot accept anything ----
    [Fact]
    public void Test_RuleNamesUndefinedPublisher_ReportsIt()
    {
        PolicyDocument document = Document(_document.FilePath, [.. _document.TrustStores], [.. _document.Publishers], [Rule("r", 0, ["*"], publishers: ["ghost"])]);
        using X509Certificate2 signer = MatchPki.Leaf(_contosoRoot, "CN=Contoso Release Signing, O=Contoso Ltd");

        PublisherAcceptanceResult result = Run(signer, Effective(document, "dev"));

        Assert.False(result.Accepted);
        Assert.Contains("'ghost'", Assert.Single(result.Rules).Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Test_NoRules_NotAccepted()
    {
        PolicyDocument document = Document(_document.FilePath, [.. _document.TrustStores], [.. _document.Publishers]);
        using X509Certificate2 signer = MatchPki.Leaf(_contosoRoot, "CN=Contoso Release Signing, O=Contoso Ltd");

        PublisherAcceptanceResult result = Run(signer, Effective(document, null));

        Assert.False(result.Accepted);
        Assert.Equal("defaults", result.Environment);
        Assert.Contains("has no rules", Assert.Single(result.Reasons), StringComparison.Ordinal);
    }

    private PublisherAcceptanceResult Run(X509Certificate2 signer, EffectivePolicy policy)
        => PublisherAcceptance.Test(signer, "Pipeline", policy, PolicyTrustMaterial.Load(policy), TestPki.ValidTime);
}
