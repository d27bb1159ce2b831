using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy;
using static CodeSignPS.Core.Tests.Policy.Match.PolicyFactory;

namespace CodeSignPS.Core.Tests.Policy.Match;

public sealed class PublisherMatcherTests : IDisposable
{
    private readonly X509Certificate2 _root = MatchPki.Root("CN=Contoso Root, O=Contoso Ltd");
    private readonly X509Certificate2 _signer;
    private readonly PolicyTrustStore _contosoStore;
    private readonly PolicyTrustStore _otherStore;

    public PublisherMatcherTests()
    {
        _signer = MatchPki.Leaf(_root, "CN=Contoso Release Signing, O=Contoso Ltd, S=Washington", MatchPki.OvOid, "1.3.6.1.4.1.99999.1");
        _contosoStore = new PolicyTrustStore(Store("contoso-root", TrustStoreClass.Enterprise), new Core.Trust.TrustStore("contoso-root", [_root]));
        _otherStore = new PolicyTrustStore(Store("public-roots", TrustStoreClass.Public), new Core.Trust.TrustStore("public-roots", []));
    }

    public void Dispose()
    {
        _signer.Dispose();
        _root.Dispose();
    }

    // ---- bound trust stores ----
    [Fact]
    public void FindMismatch_EveryConstraintHolds_ReturnsNull()
    {
        PublisherDefinition publisher = Publisher(
            "contoso-release",
            ["contoso-root"],
            subject: Names(("CN", "Contoso Release Signing"), ("ST", "washington")),
            issuer: Names(("O", "Contoso Ltd")),
            thumbprints: [_signer.Thumbprint],
            pins: [PublisherMatcher.PublicKeySha256(_signer)],
            policyOids: [MatchPki.OvOid]);

        Assert.Null(PublisherMatcher.FindMismatch(publisher, _signer, _contosoStore));
    }

    [Fact]
    public void FindMismatch_ChainEndsInOtherStore_NamesBothStores()
    {
        string? reason = PublisherMatcher.FindMismatch(Publisher("contoso-release", ["contoso-root"]), _signer, _otherStore);

        Assert.Contains("Publisher 'contoso-release'", reason, StringComparison.Ordinal);
        Assert.Contains("'contoso-root'", reason, StringComparison.Ordinal);
        Assert.Contains("ends in trust store 'public-roots'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FindMismatch_NoAnchorStore_SaysChainEndsNowhere()
        => Assert.Contains("ends in no trust store", PublisherMatcher.FindMismatch(Publisher("p", ["contoso-root"]), _signer, null), StringComparison.Ordinal);

    [Fact]
    public void FindMismatch_OneOfSeveralBoundStores_Matches()
        => Assert.Null(PublisherMatcher.FindMismatch(Publisher("p", ["public-roots", "contoso-root"]), _signer, _contosoStore));

    // ---- subject and issuer ----
    [Theory]
    [InlineData("CN", "Fabrikam Signing", "subject CN 'Fabrikam Signing'")]
    [InlineData("O", "Fabrikam Inc", "has O 'Contoso Ltd'")]
    [InlineData("OU", "Release", "has no OU")]
    public void FindMismatch_SubjectDiffers_NamesAttributeAndCertificateValue(string attribute, string value, string fragment)
    {
        string? reason = PublisherMatcher.FindMismatch(Publisher("p", ["contoso-root"], subject: Names((attribute, value))), _signer, _contosoStore);

        Assert.Contains(fragment, reason, StringComparison.Ordinal);
        Assert.Contains("Publisher 'p'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FindMismatch_IssuerDiffers_NamesIssuer()
    {
        string? reason = PublisherMatcher.FindMismatch(Publisher("p", ["contoso-root"], issuer: Names(("CN", "Fabrikam Root"))), _signer, _contosoStore);

        Assert.Contains("requires issuer CN 'Fabrikam Root'", reason, StringComparison.Ordinal);
        Assert.Contains("'CN=Contoso Root, O=Contoso Ltd'", reason, StringComparison.Ordinal);
    }

    // ---- thumbprints and public key pins ----
    [Fact]
    public void FindMismatch_ThumbprintNotListed_GivesCertificateThumbprint()
    {
        string? reason = PublisherMatcher.FindMismatch(Publisher("p", ["contoso-root"], thumbprints: [new string('A', 40)]), _signer, _contosoStore);

        Assert.Contains(_signer.Thumbprint, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FindMismatch_OneOfSeveralThumbprints_Matches()
        => Assert.Null(PublisherMatcher.FindMismatch(Publisher("p", ["contoso-root"], thumbprints: [new string('A', 40), _signer.Thumbprint]), _signer, _contosoStore));

    [Fact]
    public void PublicKeySha256_Certificate_IsLowerHexOfSubjectPublicKeyInfo()
    {
        string expected = Convert.ToHexString(SHA256.HashData(_signer.PublicKey.ExportSubjectPublicKeyInfo())).ToLowerInvariant();

        Assert.Equal(expected, PublisherMatcher.PublicKeySha256(_signer));
        Assert.Matches("^[0-9a-f]{64}$", PublisherMatcher.PublicKeySha256(_signer));
    }

    [Fact]
    public void FindMismatch_KeyNotPinned_GivesCertificatePin()
    {
        using X509Certificate2 other = MatchPki.Leaf(_root);
        string? reason = PublisherMatcher.FindMismatch(Publisher("p", ["contoso-root"], pins: [PublisherMatcher.PublicKeySha256(other)]), _signer, _contosoStore);

        Assert.Contains("publicKeySha256", reason, StringComparison.Ordinal);
        Assert.Contains(PublisherMatcher.PublicKeySha256(_signer), reason, StringComparison.Ordinal);
    }

    // ---- certificate policy OIDs ----
    [Theory]
    [InlineData(new[] { MatchPki.OvOid }, null)]
    [InlineData(new[] { MatchPki.OvOid, "1.3.6.1.4.1.99999.1" }, null)]
    [InlineData(new[] { MatchPki.EvOid }, MatchPki.EvOid)]
    [InlineData(new[] { MatchPki.OvOid, "1.3.6.1.4.1.99999.2" }, "1.3.6.1.4.1.99999.2")]
    public void FindMismatch_PolicyOids_EachMustBePresent(string[] oids, string? missing)
    {
        string? reason = PublisherMatcher.FindMismatch(Publisher("p", ["contoso-root"], policyOids: oids), _signer, _contosoStore);

        if (missing is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains($"requires the certificate policy OIDs {missing}", reason, StringComparison.Ordinal);
            Assert.Contains(MatchPki.OvOid, reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FindMismatches_SeveralConstraintsFail_ReportsEachInOrder()
    {
        PublisherDefinition publisher = Publisher("p", ["public-roots"], subject: Names(("O", "Fabrikam")), thumbprints: [new string('B', 40)]);

        IReadOnlyList<string> reasons = PublisherMatcher.FindMismatches(publisher, _signer, _contosoStore);

        Assert.Equal(3, reasons.Count);
        Assert.Contains("trust store", reasons[0], StringComparison.Ordinal);
        Assert.Contains("subject", reasons[1], StringComparison.Ordinal);
        Assert.Contains("thumbprint", reasons[2], StringComparison.Ordinal);
        Assert.Equal(reasons[0], PublisherMatcher.FindMismatch(publisher, _signer, _contosoStore));
    }
}
