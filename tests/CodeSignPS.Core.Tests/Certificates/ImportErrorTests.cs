using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Certificates;

public sealed class ImportErrorTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ImportFile_WrongPassword_ThrowsPfxPasswordInvalid()
    {
        string pfx = WritePfx("right");

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportFile(pfx, Passwords.Secure("wrong")));

        Assert.Equal(SigningKeyErrorIds.PfxPasswordInvalid, exception.ErrorId);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void ImportFile_TruncatedPfx_ThrowsSpecificId(double keptFraction)
    {
        byte[] whole = File.ReadAllBytes(WritePfx("right"));
        string truncated = folder.Write("truncated.pfx", whole[..(int)(whole.Length * keptFraction)]);

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportFile(truncated, Passwords.Secure("right")));

        Assert.Equal(SigningKeyErrorIds.PfxUnreadable, exception.ErrorId);
    }

    [Fact]
    public void ImportFile_MissingFile_ThrowsFileNotFound()
    {
        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportFile(folder.File("absent.pfx"), null));

        Assert.Equal(SigningKeyErrorIds.FileNotFound, exception.ErrorId);
    }

    [Fact]
    public void ImportFile_PemWithKeyOnly_ThrowsPemCertificateUnreadable()
    {
        using RSA key = RSA.Create(2048);
        string path = folder.Write("key-only.pem", key.ExportPkcs8PrivateKeyPem());

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportFile(path, null));

        Assert.Equal(SigningKeyErrorIds.PemCertificateUnreadable, exception.ErrorId);
    }

    [Fact]
    public void ImportFile_Garbage_ThrowsCertificateUnreadable()
    {
        string path = folder.Write("garbage.cer", new byte[] { 0x30, 0x82, 0x01, 0x00, 0xFF, 0xFF });

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportFile(path, null));

        Assert.Equal(CertificateFileErrorIds.CertificateUnreadable, exception.ErrorId);
    }

    [Fact]
    public void ImportWithKey_KeyOfAnotherCertificate_ThrowsPrivateKeyMismatch()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string certificatePath = folder.Write("issued.pem", certificate.ExportCertificatePem());
        using RSA other = RSA.Create(2048);
        string keyPath = folder.Write("other.key", other.ExportPkcs8PrivateKeyPem());

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportWithKey(certificatePath, keyPath, null));

        Assert.Equal(SigningKeyErrorIds.PrivateKeyMismatch, exception.ErrorId);
    }

    [Fact]
    public void ImportWithKey_EcKeyForRsaCertificate_ThrowsPrivateKeyMismatch()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string certificatePath = folder.Write("issued.pem", certificate.ExportCertificatePem());
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string keyPath = folder.Write("other.key", other.ExportPkcs8PrivateKeyPem());

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportWithKey(certificatePath, keyPath, null));

        Assert.Equal(SigningKeyErrorIds.PrivateKeyMismatch, exception.ErrorId);
    }

    [Theory]
    [InlineData("not*base64*at*all")]
    [InlineData("QUJD")]
    public void ImportBase64_NotAPfx_ThrowsWithoutQuotingTheSecret(string secret)
    {
        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportBase64(secret, null));

        Assert.Contains(exception.ErrorId, new[] { CertificateFileErrorIds.Base64Invalid, SigningKeyErrorIds.PfxUnreadable });
        Assert.DoesNotContain(secret, exception.ToString());
    }

    [Fact]
    public void ImportBase64_WrongPassword_ThrowsWithoutQuotingTheSecret()
    {
        string secret = Convert.ToBase64String(File.ReadAllBytes(WritePfx("right")));

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportBase64(secret, Passwords.Secure("wrong")));

        Assert.Equal(SigningKeyErrorIds.PfxPasswordInvalid, exception.ErrorId);
        Assert.DoesNotContain(secret[..40], exception.ToString());
    }

    [Fact]
    public void Add_LocalMachineOnLinux_ThrowsStoreLocationNotSupported()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // LocalMachine\My exists on Windows and macOS.
        }

        using X509Certificate2 certificate = TestPki.CreateSelfSigned();

        var exception = Assert.Throws<CodeSignException>(() => CertificateStoreImporter.Add(certificate, StoreLocation.LocalMachine, exportable: false));

        Assert.Equal(SigningKeyErrorIds.StoreLocationNotSupported, exception.ErrorId);
    }

    [Fact]
    public void Add_CurrentUser_StoresCertificateWithKey()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned($"CN=CodeSignPS import store {Guid.NewGuid():N}");
        try
        {
            using X509Certificate2 stored = CertificateStoreImporter.Add(certificate, StoreLocation.CurrentUser, exportable: true);
            using X509Certificate2 found = CertificateStoreLookup.Find(certificate.Thumbprint, StoreLocation.CurrentUser);

            Assert.True(found.HasPrivateKey);
            ImportCertificateTests.AssertSigns(found);
        }
        finally
        {
            using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadWrite);
            store.Remove(certificate);
        }
    }

    private string WritePfx(string password)
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        return folder.Write("signer.pfx", certificate.Export(X509ContentType.Pkcs12, password));
    }
}
