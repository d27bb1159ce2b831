using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Tests.Keys;

public class FromCertificateTests
{
    // Key algorithms and sizes

    [Theory]
    [InlineData(KeyKind.Rsa2048)]
    [InlineData(KeyKind.Rsa3072)]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.EcdsaP384)]
    public void FromCertificate_SupportedKey_SignsVerifiably(KeyKind kind)
    {
        using X509Certificate2 certificate = TestCertificates.Create(kind);

        using SigningKey key = SigningKeyLoader.FromCertificate(certificate);

        SignatureAssert.SignsVerifiably(key);
        Assert.Same(certificate, key.Certificate);
        Assert.Contains(certificate.Thumbprint, key.Source);
        Assert.Empty(key.AdditionalCertificates);
    }

    [Theory]
    [InlineData(KeyKind.Rsa3072, "SHA256")]
    [InlineData(KeyKind.Rsa3072, "SHA384")]
    [InlineData(KeyKind.Rsa3072, "SHA512")]
    [InlineData(KeyKind.EcdsaP384, "SHA384")]
    [InlineData(KeyKind.EcdsaP256, "SHA512")]
    public void SignHash_EachHashAlgorithm_SignsVerifiably(KeyKind kind, string hashAlgorithm)
    {
        using X509Certificate2 certificate = TestCertificates.Create(kind);
        using SigningKey key = SigningKeyLoader.FromCertificate(certificate);

        SignatureAssert.SignsVerifiably(key, new HashAlgorithmName(hashAlgorithm));
    }

    // Private key presence

    [Fact]
    public void FromCertificate_PublicOnlyCertificate_PrivateKeyMissing()
    {
        using X509Certificate2 withKey = TestCertificates.Create(KeyKind.Rsa2048);
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromCertificate(publicOnly));

        Assert.Equal(SigningKeyErrorIds.PrivateKeyMissing, exception.ErrorId);
        Assert.Equal(publicOnly.Thumbprint, exception.Target);
    }

    // Ownership and lifetime

    [Fact]
    public void Dispose_CertificateGivenByCaller_CertificateStaysUsable()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.EcdsaP256);

        SigningKeyLoader.FromCertificate(certificate).Dispose();

        using ECDsa? privateKey = certificate.GetECDsaPrivateKey();
        Assert.NotNull(privateKey);
    }

    [Fact]
    public void SignHash_AfterDispose_ThrowsObjectDisposed()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        SigningKey key = SigningKeyLoader.FromCertificate(certificate);
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.SignHash(new byte[32], HashAlgorithmName.SHA256));
    }

    // Hash arguments

    [Theory]
    [InlineData(KeyKind.Rsa2048, 20, "SHA256")]
    [InlineData(KeyKind.EcdsaP256, 32, "SHA384")]
    [InlineData(KeyKind.EcdsaP256, 0, "SHA256")]
    public void SignHash_HashOfWrongLength_ThrowsArgument(KeyKind kind, int length, string hashAlgorithm)
    {
        using X509Certificate2 certificate = TestCertificates.Create(kind);
        using SigningKey key = SigningKeyLoader.FromCertificate(certificate);

        var exception = Assert.Throws<ArgumentException>(() => key.SignHash(new byte[length], new HashAlgorithmName(hashAlgorithm)));

        Assert.Equal("hash", exception.ParamName);
    }

    [Fact]
    public void SignHash_UnknownHashAlgorithm_ThrowsArgument()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        using SigningKey key = SigningKeyLoader.FromCertificate(certificate);

        var exception = Assert.Throws<ArgumentException>(() => key.SignHash(new byte[32], new HashAlgorithmName("SHA3-999")));

        Assert.Equal("hashAlgorithm", exception.ParamName);
    }

    // Concurrency: batches sign on all cores with one key

    [Theory]
    [InlineData(KeyKind.Rsa3072)]
    [InlineData(KeyKind.EcdsaP256)]
    public void SignHash_ManyThreadsAtOnce_EverySignatureVerifies(KeyKind kind)
    {
        using X509Certificate2 certificate = TestCertificates.Create(kind);
        using SigningKey key = SigningKeyLoader.FromCertificate(certificate);

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => SignatureAssert.SignsVerifiably(key));
    }
}
