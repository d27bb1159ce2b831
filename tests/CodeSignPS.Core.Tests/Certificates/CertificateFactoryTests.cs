using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Tests.Keys;

namespace CodeSignPS.Core.Tests.Certificates;

public sealed class CertificateFactoryTests
{
    private const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";

    // ---- Leaf and CA profiles ----

    [Fact]
    public void Create_SelfSignedLeaf_HasCodeSigningExtensions()
    {
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Leaf, O=Tests" }, issuer: null);

        Assert.True(leaf.HasPrivateKey);
        Assert.Equal("CN=Leaf, O=Tests", leaf.Subject);
        X509BasicConstraintsExtension constraints = leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.False(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        X509KeyUsageExtension usage = leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, usage.KeyUsages);
        Assert.Contains(leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), oid => oid.Value == CodeSigningOid);
        Assert.Single(leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        Assert.Single(leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>());
    }

    [Fact]
    public void Create_CertificateAuthority_HasCaExtensionsAndNoEku()
    {
        using X509Certificate2 ca = NewRoot();

        X509BasicConstraintsExtension constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Empty(ca.Extensions.OfType<X509EnhancedKeyUsageExtension>());
    }

    [Theory]
    [InlineData(CertificateKeyAlgorithm.Rsa3072, "RSA", 3072)]
    [InlineData(CertificateKeyAlgorithm.Rsa4096, "RSA", 4096)]
    [InlineData(CertificateKeyAlgorithm.ECDsaP256, "ECDSA", 256)]
    [InlineData(CertificateKeyAlgorithm.ECDsaP384, "ECDSA", 384)]
    public void Create_KeyAlgorithm_GeneratesThatKey(CertificateKeyAlgorithm algorithm, string kind, int size)
    {
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Key", KeyAlgorithm = algorithm }, issuer: null);

        using AsymmetricAlgorithm key = kind == "RSA" ? leaf.GetRSAPrivateKey()! : leaf.GetECDsaPrivateKey()!;
        Assert.Equal(size, key.KeySize);
    }

    [Fact]
    public void Create_NoKeyAlgorithm_IsRsa3072()
    {
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Default" }, issuer: null);

        using RSA? rsa = leaf.GetRSAPublicKey();
        Assert.Equal(3072, rsa?.KeySize);
    }

    [Fact]
    public void Create_Urls_WriteDistributionPointAndAuthorityInformationAccess()
    {
        var profile = new CertificateProfile
        {
            Subject = "CN=Urls",
            CrlDistributionPoints = [new Uri("http://127.0.0.1/ca.crl")],
            OcspUris = [new Uri("http://127.0.0.1/ocsp")],
            CAIssuersUris = [new Uri("http://127.0.0.1/ca.cer")],
        };

        using X509Certificate2 leaf = CertificateFactory.Create(profile, issuer: null);

        X509AuthorityInformationAccessExtension access = leaf.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single();
        Assert.Equal(["http://127.0.0.1/ocsp"], access.EnumerateOcspUris());
        Assert.Equal(["http://127.0.0.1/ca.cer"], access.EnumerateCAIssuersUris());
        X509Extension distribution = leaf.Extensions["2.5.29.31"]!;
        Assert.Contains("http://127.0.0.1/ca.crl", System.Text.Encoding.ASCII.GetString(distribution.RawData));
    }

    // ---- Serial numbers ----

    [Fact]
    public void NewSerialNumber_ManyCalls_PositiveSixteenBytesAndUnique()
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < 200; i++)
        {
            byte[] serial = CertificateFactory.NewSerialNumber();
            Assert.Equal(16, serial.Length);
            Assert.Equal(0x40, serial[0] & 0xC0);
            Assert.True(seen.Add(Convert.ToHexString(serial)));
        }
    }

    [Fact]
    public void Create_Certificate_SerialIsSixteenBytePositiveInteger()
    {
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Serial", KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256 }, issuer: null);

        byte[] serial = leaf.SerialNumberBytes.ToArray();
        Assert.Equal(16, serial.Length);
    }

    // ---- Subjects ----

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no equals sign")]
    [InlineData("CN=\"unterminated")]
    public void Validate_BadSubject_SubjectInvalid(string subject)
    {
        var exception = Assert.Throws<CodeSignException>(() =>
            CertificateFactory.Validate(new CertificateProfile { Subject = subject }, issuer: null, DateTimeOffset.UtcNow));

        Assert.Equal(CertificateFactoryErrorIds.SubjectInvalid, exception.ErrorId);
    }

    [Fact]
    public void Validate_RelativeUrl_UriInvalid()
    {
        var profile = new CertificateProfile { Subject = "CN=X", CrlDistributionPoints = [new Uri("ca.crl", UriKind.Relative)] };

        var exception = Assert.Throws<CodeSignException>(() => CertificateFactory.Validate(profile, issuer: null, DateTimeOffset.UtcNow));

        Assert.Equal(CertificateFactoryErrorIds.UriInvalid, exception.ErrorId);
    }

    // ---- Validity ----

    [Fact]
    public void ResolveValidity_Default_LeafYearStartingBeforeNow()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;

        (DateTimeOffset notBefore, DateTimeOffset notAfter) = CertificateFactory.ResolveValidity(new CertificateProfile { Subject = "CN=X" }, null, now);

        Assert.Equal(now - TimeSpan.FromMinutes(5), notBefore);
        Assert.Equal(now.AddDays(365), notAfter);
    }

    [Fact]
    public void ResolveValidity_DefaultAuthority_FiveYears()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;

        (_, DateTimeOffset notAfter) = CertificateFactory.ResolveValidity(new CertificateProfile { Subject = "CN=X", CertificateAuthority = true }, null, now);

        Assert.Equal(now.AddDays(5 * 365), notAfter);
    }

    [Theory]
    [InlineData(10, 5)]
    [InlineData(null, 0)]
    [InlineData(null, -3)]
    public void ResolveValidity_BadPeriod_ValidityInvalid(int? notAfterDays, int? validityDays)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var profile = new CertificateProfile
        {
            Subject = "CN=X",
            NotAfter = notAfterDays is { } days ? now.AddDays(days) : null,
            ValidityDays = validityDays,
        };

        var exception = Assert.Throws<CodeSignException>(() => CertificateFactory.ResolveValidity(profile, null, now));

        Assert.Equal(CertificateFactoryErrorIds.ValidityInvalid, exception.ErrorId);
    }

    [Fact]
    public void ResolveValidity_NotAfterInPast_ValidityInvalid()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var profile = new CertificateProfile { Subject = "CN=X", NotAfter = now.AddDays(-1) };

        var exception = Assert.Throws<CodeSignException>(() => CertificateFactory.ResolveValidity(profile, null, now));

        Assert.Equal(CertificateFactoryErrorIds.ValidityInvalid, exception.ErrorId);
    }

    [Fact]
    public void Create_DefaultValidityBeyondIssuer_ClampedToIssuerNotAfter()
    {
        using X509Certificate2 root = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Short Root", CertificateAuthority = true, ValidityDays = 30 }, null);

        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Leaf" }, root);

        Assert.Equal(root.NotAfter, leaf.NotAfter);
        Assert.True(leaf.NotBefore >= root.NotBefore);
    }

    [Fact]
    public void Validate_ExplicitValidityBeyondIssuer_ValidityBeyondIssuer()
    {
        using X509Certificate2 root = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Short Root", CertificateAuthority = true, ValidityDays = 30 }, null);

        var exception = Assert.Throws<CodeSignException>(() =>
            CertificateFactory.Validate(new CertificateProfile { Subject = "CN=Leaf", ValidityDays = 60 }, root, DateTimeOffset.UtcNow));

        Assert.Equal(CertificateFactoryErrorIds.ValidityBeyondIssuer, exception.ErrorId);
    }

    // ---- Issuers ----

    [Fact]
    public void Create_Issuer_ChainBuildsToRoot()
    {
        using X509Certificate2 root = NewRoot();
        using X509Certificate2 intermediate = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Intermediate", CertificateAuthority = true, KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256 }, root);
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Leaf" }, intermediate);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.Add(intermediate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(CodeSigningOid));

        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation)));
        Assert.Equal(intermediate.Subject, leaf.Issuer);
        Assert.Equal(
            intermediate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray(),
            leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.ToArray());
    }

    [Fact]
    public void Validate_IssuerWithoutKey_IssuerPrivateKeyMissing()
    {
        using X509Certificate2 root = NewRoot();
        using var publicOnly = X509CertificateLoader.LoadCertificate(root.RawData);

        var exception = Assert.Throws<CodeSignException>(() => CertificateFactory.Create(new CertificateProfile { Subject = "CN=Leaf" }, publicOnly));

        Assert.Equal(CertificateFactoryErrorIds.IssuerPrivateKeyMissing, exception.ErrorId);
    }

    [Fact]
    public void Validate_LeafAsIssuer_IssuerNotCertificateAuthority()
    {
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Not A CA" }, null);

        var exception = Assert.Throws<CodeSignException>(() => CertificateFactory.Create(new CertificateProfile { Subject = "CN=Leaf" }, leaf));

        Assert.Equal(CertificateFactoryErrorIds.IssuerNotCertificateAuthority, exception.ErrorId);
    }

    [Fact]
    public void Validate_CaWithoutKeyCertSign_IssuerNotCertificateAuthority()
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Odd CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using X509Certificate2 odd = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        var exception = Assert.Throws<CodeSignException>(() => CertificateFactory.Create(new CertificateProfile { Subject = "CN=Leaf" }, odd));

        Assert.Equal(CertificateFactoryErrorIds.IssuerNotCertificateAuthority, exception.ErrorId);
    }

    // ---- Renewal ----

    [Fact]
    public void Create_RenewFrom_KeepsSubjectAndExtensionsWithNewKey()
    {
        using X509Certificate2 root = NewRoot();
        var original = new CertificateProfile
        {
            Subject = "CN=Renew Me, O=Tests",
            KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256,
            CrlDistributionPoints = [new Uri("http://127.0.0.1/root.crl")],
            OcspUris = [new Uri("http://127.0.0.1/ocsp")],
        };
        using X509Certificate2 old = CertificateFactory.Create(original, root);
        using var oldPublic = X509CertificateLoader.LoadCertificate(old.RawData);

        using X509Certificate2 renewed = CertificateFactory.Create(new CertificateProfile { RenewFrom = oldPublic }, root);

        Assert.Equal(old.SubjectName.RawData, renewed.SubjectName.RawData);
        Assert.NotEqual(old.PublicKey.EncodedKeyValue.RawData, renewed.PublicKey.EncodedKeyValue.RawData);
        Assert.NotEqual(old.SerialNumber, renewed.SerialNumber);
        foreach (string oid in new[] { "2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.31", "1.3.6.1.5.5.7.1.1" })
        {
            Assert.Equal(old.Extensions[oid]!.RawData, renewed.Extensions[oid]!.RawData);
        }

        using ECDsa? renewedKey = renewed.GetECDsaPrivateKey();
        Assert.Equal(256, renewedKey?.KeySize);
    }

    [Fact]
    public void Create_RenewFromKeepsPolicies()
    {
        using RSA key = RSA.Create(3072);
        var request = new CertificateRequest("CN=Policy Holder", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CodeSigningOid)], false));
        request.CertificateExtensions.Add(new X509Extension("2.5.29.32", PoliciesExtension("2.23.140.1.4.1"), false));
        using X509Certificate2 old = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using X509Certificate2 renewed = CertificateFactory.Create(new CertificateProfile { RenewFrom = old }, null);

        Assert.Equal(old.Extensions["2.5.29.32"]!.RawData, renewed.Extensions["2.5.29.32"]!.RawData);
    }

    [Fact]
    public void Validate_RenewIssuedWithoutIssuer_RenewIssuerRequired()
    {
        using X509Certificate2 root = NewRoot();
        using X509Certificate2 old = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Issued" }, root);

        var exception = Assert.Throws<CodeSignException>(() =>
            CertificateFactory.Validate(new CertificateProfile { RenewFrom = old }, null, DateTimeOffset.UtcNow));

        Assert.Equal(CertificateFactoryErrorIds.RenewIssuerRequired, exception.ErrorId);
    }

    // ---- Fitness for signing ----

    [Theory]
    [InlineData(CertificateKeyAlgorithm.Rsa3072)]
    [InlineData(CertificateKeyAlgorithm.ECDsaP384)]
    public void Create_Leaf_AcceptedBySigningKeyLoader(CertificateKeyAlgorithm algorithm)
    {
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Signer", KeyAlgorithm = algorithm }, null);

        using SigningKey key = SigningKeyLoader.FromCertificate(leaf);

        Assert.NotNull(key);
    }

    internal static X509Certificate2 NewRoot() =>
        CertificateFactory.Create(new CertificateProfile { Subject = "CN=Test Root, O=Tests", CertificateAuthority = true, KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP384 }, null);

    // certificatePolicies ::= SEQUENCE OF PolicyInformation; PolicyInformation ::= SEQUENCE { policyIdentifier OID } (RFC 5280, 4.2.1.4)
    private static byte[] PoliciesExtension(string policyOid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(policyOid);
        }

        return writer.Encode();
    }
}
