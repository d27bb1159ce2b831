using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Trust;
using static CodeSignPS.Core.Tests.Certificates.InventoryCertificates;

namespace CodeSignPS.Core.Tests.Certificates;

public class FitnessReasonTests
{
    private static readonly CertificateFitnessOptions Options = new() { Now = InventoryCertificates.Now };

    public static TheoryData<string, string[]> ReasonCases() => new()
    {
        { "RSA 3072 with key", [] },
        { "ECDSA P-256 with key", [] },
        { "RSA 2048", [CertificateFitnessReasonIds.KeyTooWeak] },
        { "server authentication EKU", [CertificateFitnessReasonIds.CodeSigningEkuMissing] },
        { "no EKU extension", [CertificateFitnessReasonIds.CodeSigningEkuMissing] },
        { "key usage without digitalSignature", [CertificateFitnessReasonIds.KeyUsageMissingDigitalSignature] },
        { "expired", [CertificateFitnessReasonIds.Expired] },
        { "not yet valid", [CertificateFitnessReasonIds.NotYetValid] },
        { "no private key", [CertificateFitnessReasonIds.PrivateKeyMissing] },
        {
            "everything wrong",
            [
                CertificateFitnessReasonIds.CodeSigningEkuMissing,
                CertificateFitnessReasonIds.KeyUsageMissingDigitalSignature,
                CertificateFitnessReasonIds.Expired,
                CertificateFitnessReasonIds.KeyTooWeak,
                CertificateFitnessReasonIds.PrivateKeyMissing,
            ]
        },
    };

    private static X509Certificate2 Mint(string name) => name switch
    {
        "RSA 3072 with key" => Create(),
        "ECDSA P-256 with key" => Create(curve: ECCurve.NamedCurves.nistP256),
        "RSA 2048" => Create(rsaBits: 2048),
        "server authentication EKU" => Create(ekus: [ServerAuthOid]),
        "no EKU extension" => Create(omitEku: true),
        "key usage without digitalSignature" => Create(keyUsage: X509KeyUsageFlags.KeyEncipherment),
        "expired" => Create(notAfterDays: -1),
        "not yet valid" => Create(notBeforeDays: 1),
        "no private key" => WithoutKey(Create()),
        "everything wrong" => WithoutKey(Create(rsaBits: 2048, omitEku: true, keyUsage: X509KeyUsageFlags.KeyEncipherment, notAfterDays: -1)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such case."),
    };

    // ---- Every failed check is listed, in check order ----

    [Theory]
    [MemberData(nameof(ReasonCases))]
    public void Test_Case_ListsEveryReason(string name, string[] expected)
    {
        using X509Certificate2 certificate = Mint(name);

        CertificateFitnessResult result = CertificateFitness.Test(certificate, "test", Options);

        Assert.Equal(expected, result.ReasonIds);
        Assert.Equal(expected.Length == 0, result.IsFit);
        Assert.All(result.Reasons, reason => Assert.Contains(certificate.Thumbprint, reason.Message));
    }

    // ---- Key strength floors ----

    [Theory]
    [InlineData(2048, 2048, true)]
    [InlineData(2048, 3072, false)]
    [InlineData(3072, 4096, false)]
    public void Test_RsaMinimum_AppliesFloor(int bits, int minimum, bool fit)
    {
        using X509Certificate2 certificate = Create(rsaBits: bits);
        var options = new CertificateFitnessOptions { Now = InventoryCertificates.Now, MinimumRsaKeySize = minimum };

        Assert.Equal(fit, CertificateFitness.Test(certificate, "test", options).IsFit);
    }

    [Theory]
    [InlineData(256, 256, true)]
    [InlineData(256, 384, false)]
    [InlineData(384, 384, true)]
    public void Test_EcMinimum_AppliesFloor(int bits, int minimum, bool fit)
    {
        ECCurve curve = bits == 256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384;
        using X509Certificate2 certificate = Create(curve: curve);
        var options = new CertificateFitnessOptions { Now = InventoryCertificates.Now, MinimumEcKeySize = minimum };

        Assert.Equal(fit, CertificateFitness.Test(certificate, "test", options).IsFit);
    }

    // ---- The test signature ----

    [Fact]
    public void Test_SeparateKeyOfCertificate_Fit()
    {
        using X509Certificate2 certificate = Create();
        using RSA key = certificate.GetRSAPrivateKey()!;

        Assert.True(CertificateFitness.Test(WithoutKey(certificate), "test", Options, key).IsFit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Test_SeparateKeyOfOtherCertificate_PrivateKeyMismatch(bool otherKeyIsEc)
    {
        using X509Certificate2 certificate = WithoutKey(Create());
        using X509Certificate2 other = otherKeyIsEc ? Create(curve: ECCurve.NamedCurves.nistP256) : Create();
        using AsymmetricAlgorithm key = otherKeyIsEc ? other.GetECDsaPrivateKey()! : other.GetRSAPrivateKey()!;

        CertificateFitnessResult result = CertificateFitness.Test(certificate, "test", Options, key);

        Assert.Equal([CertificateFitnessReasonIds.PrivateKeyMismatch], result.ReasonIds);
    }

    [Fact]
    public void Test_KeyRefusesToSign_PrivateKeyUnusable()
    {
        using X509Certificate2 certificate = WithoutKey(Create());
        using var key = new RefusingRsa();

        CertificateFitnessResult result = CertificateFitness.Test(certificate, "test", Options, key);

        Assert.Equal([CertificateFitnessReasonIds.PrivateKeyUnusable], result.ReasonIds);
    }

    // ---- Chain ----

    [Fact]
    public void Test_TrustStores_ChainNotTrustedForStranger()
    {
        (X509Certificate2 root, X509Certificate2 leaf) = CreateChain();
        using X509Certificate2 stranger = Create();
        var options = new CertificateFitnessOptions
        {
            Now = InventoryCertificates.Now,
            ChainValidator = new ChainValidator([new TrustStore("roots", new X509Certificate2Collection(root))], useSystemTrust: false),
        };

        Assert.True(CertificateFitness.Test(leaf, "test", options).IsFit);
        Assert.Equal([CertificateFitnessReasonIds.ChainNotTrusted], CertificateFitness.Test(stranger, "test", options).ReasonIds);
    }

    /// <summary>An RSA key that fails every signature, as a token does when it is removed.</summary>
    private sealed class RefusingRsa : RSA
    {
        public override RSAParameters ExportParameters(bool includePrivateParameters) =>
            throw new CryptographicException("The key is not available.");

        public override void ImportParameters(RSAParameters parameters) =>
            throw new NotSupportedException();

        public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
            throw new CryptographicException("The token was removed.");
    }
}
