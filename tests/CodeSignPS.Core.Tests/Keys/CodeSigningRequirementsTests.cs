using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Tests.Keys;

/// <summary>Certificates unfit for code signing, through every loader that takes a file or an object.</summary>
public class CodeSigningRequirementsTests
{
    public enum UnfitCase
    {
        NoEkuExtension,
        ServerAuthenticationEkuOnly,
        EmptyEkuExtension,
        KeyUsageWithoutDigitalSignature,
        DsaKey,
    }

    public enum Loader
    {
        Certificate,
        Pfx,
        Pem,
    }

    public static TheoryData<UnfitCase, Loader, string> Cases()
    {
        var data = new TheoryData<UnfitCase, Loader, string>();
        foreach (Loader loader in Enum.GetValues<Loader>())
        {
            data.Add(UnfitCase.NoEkuExtension, loader, SigningKeyErrorIds.CodeSigningEkuMissing);
            data.Add(UnfitCase.ServerAuthenticationEkuOnly, loader, SigningKeyErrorIds.CodeSigningEkuMissing);
            data.Add(UnfitCase.EmptyEkuExtension, loader, SigningKeyErrorIds.CodeSigningEkuMissing);
            data.Add(UnfitCase.KeyUsageWithoutDigitalSignature, loader, SigningKeyErrorIds.KeyUsageMissingDigitalSignature);
            data.Add(UnfitCase.DsaKey, loader, SigningKeyErrorIds.UnsupportedKeyAlgorithm);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loader_UnfitCertificate_FailsWithErrorId(UnfitCase unfit, Loader loader, string expectedErrorId)
    {
        using X509Certificate2 certificate = Mint(unfit);
        using var folder = new TemporaryFolder();

        var exception = Assert.Throws<CodeSignException>(() => Load(certificate, loader, folder).Dispose());

        Assert.Equal(expectedErrorId, exception.ErrorId);
        Assert.Equal(FailureCategory.InvalidArgument, exception.Category);
        Assert.Contains(certificate.Thumbprint, exception.Message);
    }

    [Fact]
    public void FromPem_UnfitCertificate_FailsBeforeReadingKeyFile()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048, [TestCertificates.ServerAuthenticationOid]);
        using var folder = new TemporaryFolder();
        string certificatePath = folder.Write("signer.crt", certificate.ExportCertificatePem());

        var exception = Assert.Throws<CodeSignException>(
            () => SigningKeyLoader.FromPem(certificatePath, folder.File("absent.key"), null));

        Assert.Equal(SigningKeyErrorIds.CodeSigningEkuMissing, exception.ErrorId);
        Assert.Equal(certificatePath, exception.Target);
    }

    [Fact]
    public void FromCertificate_KeyUsageWithDigitalSignatureAmongOthers_Loads()
    {
        using X509Certificate2 certificate = TestCertificates.Create(
            KeyKind.Rsa2048, keyUsage: X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation);

        using SigningKey key = SigningKeyLoader.FromCertificate(certificate);

        SignatureAssert.SignsVerifiably(key);
    }

    [Fact]
    public void FromCertificate_NoKeyUsageExtension_Loads()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.EcdsaP256, keyUsage: null);

        using SigningKey key = SigningKeyLoader.FromCertificate(certificate);

        SignatureAssert.SignsVerifiably(key);
    }

    [Fact]
    public void FromCertificate_CodeSigningAmongOtherEkus_Loads()
    {
        using X509Certificate2 certificate = TestCertificates.Create(
            KeyKind.Rsa2048, [TestCertificates.ServerAuthenticationOid, TestCertificates.CodeSigningOid]);

        using SigningKey key = SigningKeyLoader.FromCertificate(certificate);

        SignatureAssert.SignsVerifiably(key);
    }

    private static X509Certificate2 Mint(UnfitCase unfit) => unfit switch
    {
        UnfitCase.NoEkuExtension => TestCertificates.CreateWithoutEku(KeyKind.Rsa2048),
        UnfitCase.ServerAuthenticationEkuOnly => TestCertificates.Create(KeyKind.EcdsaP256, [TestCertificates.ServerAuthenticationOid]),
        UnfitCase.EmptyEkuExtension => TestCertificates.Create(KeyKind.Rsa2048, []),
        UnfitCase.KeyUsageWithoutDigitalSignature => TestCertificates.Create(KeyKind.Rsa2048, keyUsage: X509KeyUsageFlags.KeyEncipherment),
        _ => TestCertificates.CreateDsa(),
    };

    private static SigningKey Load(X509Certificate2 certificate, Loader loader, TemporaryFolder folder)
    {
        switch (loader)
        {
            case Loader.Certificate:
                return SigningKeyLoader.FromCertificate(certificate);
            case Loader.Pfx:
                string pfxPath = folder.Write("signer.pfx", certificate.Export(X509ContentType.Pkcs12, "pw"));
                return SigningKeyLoader.FromPfx(pfxPath, Passwords.Secure("pw"));
            default:
                string certificatePath = folder.Write("signer.crt", certificate.ExportCertificatePem());
                string keyPath = folder.Write("signer.key", ExportPrivateKeyPem(certificate));
                return SigningKeyLoader.FromPem(certificatePath, keyPath, null);
        }
    }

    private static string ExportPrivateKeyPem(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey()
            ?? (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
            ?? certificate.GetDSAPrivateKey()!;
        return key.ExportPkcs8PrivateKeyPem();
    }
}
