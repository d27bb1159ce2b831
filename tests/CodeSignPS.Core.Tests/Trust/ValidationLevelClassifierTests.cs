using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Tests.Trust;

public class ValidationLevelClassifierTests
{
    private const string EvOid = "2.23.140.1.3";
    private const string OvOid = "2.23.140.1.4.1";
    private const string OtherPolicyOid = "1.3.6.1.4.1.311.76.509.1.1";

    private static readonly Hierarchy Pki = Hierarchy.Create();

    // Policy OIDs of the leaf

    [Theory]
    [InlineData(new[] { EvOid }, ValidationLevel.EV)]
    [InlineData(new[] { OvOid }, ValidationLevel.OV)]
    [InlineData(new[] { OvOid, EvOid }, ValidationLevel.EV)]
    [InlineData(new[] { OtherPolicyOid, OvOid }, ValidationLevel.OV)]
    [InlineData(new[] { OtherPolicyOid }, ValidationLevel.Unknown)]
    [InlineData(new[] { "2.23.140.1.31" }, ValidationLevel.Unknown)]
    public void FromCertificate_PolicyOids_GiveLevel(string[] policyOids, ValidationLevel expected)
    {
        X509Certificate2 leaf = IssueLeaf(PoliciesExtension(policyOids, withQualifier: true));

        ValidationLevel level = ValidationLevelClassifier.FromCertificate(leaf, new[] { leaf, Pki.Intermediate, Pki.Root });

        Assert.Equal(expected, level);
    }

    [Fact]
    public void FromCertificate_IssuedLeafWithoutPolicies_Unknown()
    {
        Assert.Equal(ValidationLevel.Unknown, ValidationLevelClassifier.FromCertificate(Pki.Leaf, new[] { Pki.Leaf }));
    }

    [Fact]
    public void FromCertificate_SelfSignedWithEvPolicy_EV()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Self Signed EV", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(PoliciesExtension(new[] { EvOid }, withQualifier: false));
        X509Certificate2 certificate = request.CreateSelfSigned(TestPki.LeafNotBefore, TestPki.LeafNotAfter);

        Assert.Equal(ValidationLevel.EV, ValidationLevelClassifier.FromCertificate(certificate, new[] { certificate }));
    }

    [Fact]
    public void GetPolicyOids_PoliciesWithQualifiers_ReturnsIdentifiersInOrder()
    {
        X509Certificate2 leaf = IssueLeaf(PoliciesExtension(new[] { OtherPolicyOid, EvOid }, withQualifier: true));

        Assert.Equal(new[] { OtherPolicyOid, EvOid }, CertificatePolicies.GetPolicyOids(leaf));
    }

    // Malformed certificatePolicies extensions

    [Theory]
    [InlineData("empty value", "")]
    [InlineData("tag only", "30")]
    [InlineData("empty sequence", "3000")]
    [InlineData("not a sequence", "0403010203")]
    [InlineData("identifier outside PolicyInformation", "3007 0605 67810c0103")]
    [InlineData("EV policy then truncated qualifiers", "300b 3009 0605 67810c0103 3005")]
    [InlineData("EV policy then trailing byte", "3009 3007 0605 67810c0103 00")]
    [InlineData("EV policy then a NULL in the list", "300b 3007 0605 67810c0103 0500")]
    [InlineData("length past the end", "300a 3007 0605 67810c0103")]
    [InlineData("inflated length", "3081ff 3007 0605 67810c0103")]
    [InlineData("indefinite length", "3080 3007 0605 67810c0103 0000")]
    public void FromCertificate_MalformedPolicies_NoOidsAndUnknown(string variant, string extensionHex)
    {
        byte[] value = Convert.FromHexString(extensionHex.Replace(" ", string.Empty, StringComparison.Ordinal));
        X509Certificate2 leaf = IssueLeaf(new X509Extension(CertificatePolicies.ExtensionOid, value, critical: false));

        IReadOnlyList<string> oids = CertificatePolicies.GetPolicyOids(leaf);
        ValidationLevel level = ValidationLevelClassifier.FromCertificate(leaf, new[] { leaf, Pki.Intermediate, Pki.Root });

        Assert.True(oids.Count == 0, $"{variant}: decoded {string.Join(", ", oids)}");
        Assert.Equal(ValidationLevel.Unknown, level);
    }

    [Fact]
    public void Decode_WellFormedEvPolicy_ReadsOid()
    {
        // The well-formed counterpart of the malformed values above, so those fail for the reason they name.
        byte[] value = Convert.FromHexString("300930070605 67810c0103".Replace(" ", string.Empty, StringComparison.Ordinal));

        Assert.Equal(new[] { EvOid }, CertificatePolicies.Decode(value));
        Assert.Equal(new[] { EvOid }, CertificatePolicies.Decode(PoliciesExtension(new[] { EvOid }, withQualifier: false).RawData));
    }

    // Self-signed certificates

    [Theory]
    [InlineData("ECDSA P-256 SHA-256")]
    [InlineData("ECDSA P-384 SHA-384")]
    [InlineData("RSA PKCS#1 SHA-256")]
    [InlineData("RSA PKCS#1 SHA-512")]
    [InlineData("RSA-PSS SHA-256")]
    [InlineData("RSA-PSS SHA-384")]
    public void FromCertificate_SelfSignedAlone_SelfSigned(string algorithm)
    {
        X509Certificate2 certificate = CreateSelfSigned(algorithm);

        Assert.Equal(ValidationLevel.SelfSigned, ValidationLevelClassifier.FromCertificate(certificate, new[] { certificate }));
        Assert.Equal(ValidationLevel.SelfSigned, ValidationLevelClassifier.FromCertificate(certificate, Array.Empty<X509Certificate2>()));
    }

    [Fact]
    public void FromCertificate_SelfSignedInLongerChain_Unknown()
    {
        X509Certificate2 certificate = CreateSelfSigned("ECDSA P-256 SHA-256");

        Assert.Equal(ValidationLevel.Unknown, ValidationLevelClassifier.FromCertificate(certificate, new[] { certificate, Pki.Root }));
    }

    [Fact]
    public void FromCertificate_SubjectEqualsIssuerButOtherKey_Unknown()
    {
        using ECDsa issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa subjectKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Same Name", subjectKey, HashAlgorithmName.SHA256);
        X509Certificate2 certificate = request.Create(
            new X500DistinguishedName("CN=Same Name"), X509SignatureGenerator.CreateForECDsa(issuerKey),
            TestPki.LeafNotBefore, TestPki.LeafNotAfter, new byte[] { 1 });

        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal(ValidationLevel.Unknown, ValidationLevelClassifier.FromCertificate(certificate, new[] { certificate }));
    }

    [Fact]
    public void FromCertificate_SelfSignedWithCorruptedSignature_Unknown()
    {
        byte[] raw = CreateSelfSigned("RSA PKCS#1 SHA-256").RawData;
        raw[^5] ^= 0x01;
        X509Certificate2 corrupted = X509CertificateLoader.LoadCertificate(raw);

        Assert.Equal(ValidationLevel.Unknown, ValidationLevelClassifier.FromCertificate(corrupted, new[] { corrupted }));
    }

    private static X509Certificate2 IssueLeaf(X509Extension policies)
        => TestPki.Issue(Pki.Intermediate, Hierarchy.LeafSubject, false, new[] { TestPki.CodeSigning }, TestPki.LeafNotBefore, TestPki.LeafNotAfter, policies);

    private static X509Extension PoliciesExtension(string[] policyOids, bool withQualifier)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (string oid in policyOids)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(oid);
                    if (withQualifier)
                    {
                        // PolicyQualifierInfo with id-qt-cps and a CPS URI.
                        using (writer.PushSequence())
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier("1.3.6.1.5.5.7.2.1");
                            writer.WriteCharacterString(UniversalTagNumber.IA5String, "https://ca.example/cps");
                        }
                    }
                }
            }
        }

        return new X509Extension(CertificatePolicies.ExtensionOid, writer.Encode(), critical: false);
    }

    private static X509Certificate2 CreateSelfSigned(string algorithm)
    {
        const string subject = "CN=Self Signed Publisher";
        if (algorithm.StartsWith("ECDSA", StringComparison.Ordinal))
        {
            bool p384 = algorithm.Contains("P-384", StringComparison.Ordinal);
            using ECDsa key = ECDsa.Create(p384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, p384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256);
            return request.CreateSelfSigned(TestPki.LeafNotBefore, TestPki.LeafNotAfter);
        }

        HashAlgorithmName hash = algorithm.EndsWith("SHA-512", StringComparison.Ordinal) ? HashAlgorithmName.SHA512
            : algorithm.EndsWith("SHA-384", StringComparison.Ordinal) ? HashAlgorithmName.SHA384
            : HashAlgorithmName.SHA256;
        RSASignaturePadding padding = algorithm.StartsWith("RSA-PSS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        using RSA rsa = RSA.Create(2048);
        return new CertificateRequest(subject, rsa, hash, padding).CreateSelfSigned(TestPki.LeafNotBefore, TestPki.LeafNotAfter);
    }
}
