using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Tests.Trust;

public class ChainValidatorTests
{
    private static readonly Hierarchy Pki = Hierarchy.Create();

    // Trusted chains

    [Fact]
    public void Validate_ChainToStoreRoot_IsTrustedAndTimeValid()
    {
        var validator = new ChainValidator(new[] { Pki.Store("roots.pem") }, useSystemTrust: false);

        ChainResult result = validator.Validate(Pki.PublicLeaf, Pki.Extra, TestPki.ValidTime);

        Assert.True(result.IsTrusted, result.FailureMessage);
        Assert.True(result.IsTimeValid);
        Assert.Null(result.FailureMessage);
        Assert.Null(result.ExpiredCertificate);
        Assert.Equal("roots.pem", result.TrustAnchorStore);
        Assert.Equal(
            new[] { Pki.Leaf.Thumbprint, Pki.Intermediate.Thumbprint, Pki.Root.Thumbprint },
            result.Chain.Select(certificate => certificate.Thumbprint));
    }

    [Fact]
    public void Validate_SelfSignedLeafInStore_IsTrusted()
    {
        X509Certificate2 selfSigned = TestPki.CreateSelfSigned(
            "CN=Self Signed Publisher", isCertificateAuthority: false, extendedKeyUsages: new[] { TestPki.CodeSigning });
        var validator = new ChainValidator(new[] { new TrustStore("self", TestPki.PublicOnly(selfSigned)) }, useSystemTrust: false);

        ChainResult result = validator.Validate(selfSigned, new X509Certificate2Collection(), TestPki.ValidTime);

        Assert.True(result.IsTrusted, result.FailureMessage);
        Assert.Equal(selfSigned.Thumbprint, Assert.Single(result.Chain).Thumbprint);
        Assert.Equal("self", result.TrustAnchorStore);
    }

    [Fact]
    public void Validate_RootInSecondStore_NamesThatStore()
    {
        var otherStore = new TrustStore("other", TestPki.PublicOnly(TestPki.CreateSelfSigned("CN=Other Root")));
        var validator = new ChainValidator(new[] { otherStore, Pki.Store("second") }, useSystemTrust: false);

        ChainResult result = validator.Validate(Pki.PublicLeaf, Pki.Extra, TestPki.ValidTime);

        Assert.True(result.IsTrusted, result.FailureMessage);
        Assert.Equal("second", result.TrustAnchorStore);
    }

    // Intermediate CA certificates in a trust store

    [Fact]
    public void Validate_StoreWithRootAndIntermediate_TrustedWithoutCarriedCertificates()
    {
        var validator = new ChainValidator(new[] { new TrustStore("chain.pem", TestPki.PublicOnly(Pki.Intermediate, Pki.Root)) }, false);

        ChainResult result = validator.Validate(Pki.PublicLeaf, new X509Certificate2Collection(), TestPki.ValidTime);

        Assert.True(result.IsTrusted, result.FailureMessage);
        Assert.Equal(3, result.Chain.Count);
        Assert.Equal("chain.pem", result.TrustAnchorStore);
    }

    [Fact]
    public void Validate_StoreWithIntermediateOnly_NotTrusted()
    {
        var validator = new ChainValidator(new[] { new TrustStore("intermediate.pem", TestPki.PublicOnly(Pki.Intermediate)) }, false);

        ChainResult result = validator.Validate(Pki.PublicLeaf, new X509Certificate2Collection(), TestPki.ValidTime);

        Assert.False(result.IsTrusted);
        Assert.Null(result.TrustAnchorStore);
        Assert.Contains($"whose issuer '{Hierarchy.RootSubject}'", result.FailureMessage);
    }

    // Extended key usage rules

    [Theory]
    [InlineData("codeSigning", "none", "none", true, null)]
    [InlineData("codeSigning,serverAuth", "none", "none", true, null)]
    [InlineData("codeSigning", "any", "none", true, null)]
    [InlineData("codeSigning", "codeSigning,serverAuth", "codeSigning", true, null)]
    [InlineData("none", "none", "none", false, Hierarchy.LeafSubject)]
    [InlineData("serverAuth", "none", "none", false, Hierarchy.LeafSubject)]
    [InlineData("any", "none", "none", false, Hierarchy.LeafSubject)]
    [InlineData("codeSigning", "serverAuth", "none", false, Hierarchy.IntermediateSubject)]
    [InlineData("codeSigning", "none", "serverAuth", false, Hierarchy.RootSubject)]
    public void Validate_EkuVariant_AppliesCodeSigningRules(string leafEku, string intermediateEku, string rootEku, bool trusted, string? failingSubject)
    {
        Hierarchy pki = Hierarchy.Create(leafEku, intermediateEku, rootEku);
        var validator = new ChainValidator(new[] { pki.Store() }, useSystemTrust: false);

        ChainResult result = validator.Validate(pki.PublicLeaf, pki.Extra, TestPki.ValidTime);

        Assert.Equal(trusted, result.IsTrusted);
        Assert.True(result.IsTimeValid);
        Assert.Equal(3, result.Chain.Count);
        if (failingSubject is not null)
        {
            Assert.Contains($"'{failingSubject}'", result.FailureMessage);
            Assert.Contains("1.3.6.1.5.5.7.3.3", result.FailureMessage);
        }
    }

    // Validity periods

    public static TheoryData<string, DateTime, string, string> OutOfValidityCases => new()
    {
        { "leaf not yet valid", new DateTime(2023, 12, 31, 23, 59, 59, DateTimeKind.Utc), Hierarchy.LeafSubject, "was not yet valid" },
        { "leaf expired", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Hierarchy.LeafSubject, "had expired" },
        { "leaf expired one second ago", new DateTime(2025, 1, 1, 0, 0, 1, DateTimeKind.Utc), Hierarchy.LeafSubject, "had expired" },
        { "everything expired, leaf first", new DateTime(2041, 1, 1, 0, 0, 0, DateTimeKind.Utc), Hierarchy.LeafSubject, "had expired" },
    };

    [Theory]
    [MemberData(nameof(OutOfValidityCases))]
    public void Validate_OutsideValidity_TrustedButNotTimeValid(string description, DateTime time, string expiredSubject, string wording)
    {
        var validator = new ChainValidator(new[] { Pki.Store() }, useSystemTrust: false);

        ChainResult result = validator.Validate(Pki.PublicLeaf, Pki.Extra, time);

        Assert.True(result.IsTrusted, $"{description}: {result.FailureMessage}");
        Assert.False(result.IsTimeValid, description);
        Assert.Equal(expiredSubject, result.ExpiredCertificate?.Subject);
        Assert.Contains($"'{expiredSubject}' {wording}", result.FailureMessage);
        Assert.Equal(3, result.Chain.Count);
    }

    [Fact]
    public void Validate_IntermediateExpiredLeafValid_NamesIntermediate()
    {
        Hierarchy pki = Hierarchy.Create(intermediateNotAfter: new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var validator = new ChainValidator(new[] { pki.Store() }, useSystemTrust: false);

        ChainResult result = validator.Validate(pki.PublicLeaf, pki.Extra, TestPki.ValidTime);

        Assert.True(result.IsTrusted, result.FailureMessage);
        Assert.False(result.IsTimeValid);
        Assert.Equal(Hierarchy.IntermediateSubject, result.ExpiredCertificate?.Subject);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(500, true)]
    [InlineData(999, true)]
    [InlineData(1000, false)]
    public void Validate_AtNotAfterBoundary_ValidThroughWholeSecond(int millisecondsAfterNotAfter, bool timeValid)
    {
        var validator = new ChainValidator(new[] { Pki.Store() }, useSystemTrust: false);
        DateTime time = TestPki.LeafNotAfter.UtcDateTime.AddMilliseconds(millisecondsAfterNotAfter);

        ChainResult result = validator.Validate(Pki.PublicLeaf, Pki.Extra, time);

        Assert.Equal(timeValid, result.IsTimeValid);
    }

    [Fact]
    public void Validate_SameLeafAtDifferentTimes_ReportsEachTime()
    {
        var validator = new ChainValidator(new[] { Pki.Store() }, useSystemTrust: false);
        DateTime expiredTime = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        ChainResult first = validator.Validate(Pki.PublicLeaf, Pki.Extra, TestPki.ValidTime);
        ChainResult second = validator.Validate(Pki.PublicLeaf, Pki.Extra, expiredTime);
        ChainResult third = validator.Validate(Pki.PublicLeaf, Pki.Extra, TestPki.ValidTime);

        Assert.True(first.IsTimeValid);
        Assert.False(second.IsTimeValid);
        Assert.True(third.IsTimeValid);
    }

    [Fact]
    public void Validate_LocalTime_ConvertedToUtc()
    {
        var validator = new ChainValidator(new[] { Pki.Store() }, useSystemTrust: false);
        DateTime justAfterNotAfterLocal = TestPki.LeafNotAfter.UtcDateTime.AddSeconds(1).ToLocalTime();

        ChainResult result = validator.Validate(Pki.PublicLeaf, Pki.Extra, justAfterNotAfterLocal);

        Assert.False(result.IsTimeValid);
    }

    // Untrusted chains

    [Fact]
    public void Validate_RootNotInStores_NamesRootAndStores()
    {
        var otherStore = new TrustStore("/etc/other-roots.pem", TestPki.PublicOnly(TestPki.CreateSelfSigned("CN=Other Root")));
        var validator = new ChainValidator(new[] { otherStore }, useSystemTrust: false);

        ChainResult result = validator.Validate(Pki.PublicLeaf, TestPki.PublicOnly(Pki.Intermediate, Pki.Root), TestPki.ValidTime);

        Assert.False(result.IsTrusted);
        Assert.True(result.IsTimeValid);
        Assert.Null(result.TrustAnchorStore);
        Assert.Equal(3, result.Chain.Count);
        Assert.Contains($"root '{Hierarchy.RootSubject}'", result.FailureMessage);
        Assert.Contains("'/etc/other-roots.pem'", result.FailureMessage);
        Assert.Contains("-TrustStore", result.FailureMessage);
    }

    [Fact]
    public void Validate_RootNotCarried_NamesTopIssuer()
    {
        var validator = new ChainValidator(new[] { new TrustStore("empty-ish", TestPki.PublicOnly(TestPki.CreateSelfSigned("CN=Other Root"))) }, false);

        ChainResult result = validator.Validate(Pki.PublicLeaf, Pki.Extra, TestPki.ValidTime);

        Assert.False(result.IsTrusted);
        Assert.Equal(2, result.Chain.Count);
        Assert.Contains($"ends at '{Hierarchy.IntermediateSubject}', whose issuer '{Hierarchy.RootSubject}'", result.FailureMessage);
        Assert.Contains("-TrustStore", result.FailureMessage);
    }

    [Fact]
    public void Validate_IntermediateMissing_ChainIsLeafAlone()
    {
        var validator = new ChainValidator(new[] { Pki.Store() }, useSystemTrust: false);

        ChainResult result = validator.Validate(Pki.PublicLeaf, new X509Certificate2Collection(), TestPki.ValidTime);

        Assert.False(result.IsTrusted);
        Assert.Equal(Pki.Leaf.Thumbprint, Assert.Single(result.Chain).Thumbprint);
        Assert.Contains($"was issued by '{Hierarchy.IntermediateSubject}'", result.FailureMessage);
        Assert.Contains("'test-roots'", result.FailureMessage);
    }

    [Fact]
    public void Validate_NoStores_SaysNoneSearched()
    {
        var validator = new ChainValidator(Array.Empty<TrustStore>(), useSystemTrust: false);

        ChainResult result = validator.Validate(Pki.PublicLeaf, TestPki.PublicOnly(Pki.Intermediate, Pki.Root), TestPki.ValidTime);

        Assert.False(result.IsTrusted);
        Assert.Contains("none (no trust store was given", result.FailureMessage);
    }

    [Fact]
    public void Validate_UntrustedAndExpired_ReportsBoth()
    {
        var validator = new ChainValidator(Array.Empty<TrustStore>(), useSystemTrust: false);

        ChainResult result = validator.Validate(Pki.PublicLeaf, Pki.Extra, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.False(result.IsTrusted);
        Assert.False(result.IsTimeValid);
        Assert.Contains("-TrustStore", result.FailureMessage);
        Assert.Contains("had expired", result.FailureMessage);
    }

    [Fact]
    public void Validate_SystemTrustOnly_DoesNotTrustTestRoot()
    {
        var validator = new ChainValidator(Array.Empty<TrustStore>(), useSystemTrust: true);

        ChainResult result = validator.Validate(Pki.PublicLeaf, TestPki.PublicOnly(Pki.Intermediate, Pki.Root), TestPki.ValidTime);

        Assert.False(result.IsTrusted);
        Assert.Contains("the system root store", result.FailureMessage);
    }

    // Result cache

    [Fact]
    public void Validate_SameInputsTwice_ReturnsCachedResult()
    {
        var validator = new ChainValidator(new[] { Pki.Store() }, useSystemTrust: false);

        ChainResult first = validator.Validate(Pki.PublicLeaf, Pki.Extra, TestPki.ValidTime);
        ChainResult second = validator.Validate(Pki.PublicLeaf, Pki.Extra, TestPki.ValidTime.AddMilliseconds(300));

        Assert.Same(first, second);
    }

    [Fact]
    public void Validate_ExtraCertificatesReordered_ReturnsCachedResult()
    {
        var validator = new ChainValidator(new[] { Pki.Store() }, useSystemTrust: false);

        ChainResult first = validator.Validate(Pki.PublicLeaf, TestPki.PublicOnly(Pki.Intermediate, Pki.Root), TestPki.ValidTime);
        ChainResult second = validator.Validate(Pki.PublicLeaf, TestPki.PublicOnly(Pki.Root, Pki.Intermediate), TestPki.ValidTime);

        Assert.Same(first, second);
    }

    [Fact]
    public void Validate_DifferentExtraCertificates_BuildsAgain()
    {
        var validator = new ChainValidator(new[] { Pki.Store() }, useSystemTrust: false);

        ChainResult withIntermediate = validator.Validate(Pki.PublicLeaf, Pki.Extra, TestPki.ValidTime);
        ChainResult withoutIntermediate = validator.Validate(Pki.PublicLeaf, new X509Certificate2Collection(), TestPki.ValidTime);

        Assert.True(withIntermediate.IsTrusted, withIntermediate.FailureMessage);
        Assert.False(withoutIntermediate.IsTrusted);
    }

    [Fact]
    public void Validate_ParallelCallsForOneSigner_ShareOneResult()
    {
        var validator = new ChainValidator(new[] { Pki.Store() }, useSystemTrust: false);
        var results = new ChainResult[2000];

        Parallel.For(0, results.Length, i => results[i] = validator.Validate(Pki.PublicLeaf, Pki.Extra, TestPki.ValidTime));

        Assert.All(results, result => Assert.Same(results[0], result));
        Assert.True(results[0].IsTrusted, results[0].FailureMessage);
    }
}
