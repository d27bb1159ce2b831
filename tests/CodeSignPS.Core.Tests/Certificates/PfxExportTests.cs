using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Tests.Keys;

namespace CodeSignPS.Core.Tests.Certificates;

public sealed class PfxExportTests
{
    private const string Password = "pfx-password";

    [Fact]
    public void ExportPfx_Certificate_LoadsWithPasswordAndKey()
    {
        using var folder = new TemporaryFolder();
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Pfx", KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256 }, null);

        CertificateFactory.ExportPfx(leaf, folder.File("a.pfx"), Passwords.Secure(Password), overwrite: false);

        using X509Certificate2 loaded = X509CertificateLoader.LoadPkcs12FromFile(folder.File("a.pfx"), Password);
        Assert.Equal(leaf.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public void ExportPfx_WrongPassword_DoesNotLoad()
    {
        using var folder = new TemporaryFolder();
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Pfx", KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256 }, null);
        CertificateFactory.ExportPfx(leaf, folder.File("a.pfx"), Passwords.Secure(Password), overwrite: false);

        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(folder.File("a.pfx"), "wrong"));
    }

    [Fact]
    public void ExportPfx_ExistingFileWithoutOverwrite_OutputFileExists()
    {
        using var folder = new TemporaryFolder();
        string path = folder.Write("a.pfx", "keep");
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Pfx", KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256 }, null);

        var exception = Assert.Throws<CodeSignException>(() => CertificateFactory.ExportPfx(leaf, path, Passwords.Secure(Password), overwrite: false));

        Assert.Equal(CertificateFactoryErrorIds.OutputFileExists, exception.ErrorId);
        Assert.Equal("keep", File.ReadAllText(path));
    }

    [Fact]
    public void ExportPfx_Certificate_OwnerOnlyMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new TemporaryFolder();
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Mode", KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256 }, null);

        CertificateFactory.ExportPfx(leaf, folder.File("a.pfx"), Passwords.Secure(Password), overwrite: false);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.File("a.pfx")));
    }

    [OpenSslFact]
    public void ExportPfx_Certificate_OpenSslReadsIt()
    {
        using var folder = new TemporaryFolder();
        using X509Certificate2 leaf = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Pfx OpenSSL" }, null);
        CertificateFactory.ExportPfx(leaf, folder.File("a.pfx"), Passwords.Secure(Password), overwrite: false);

        OpenSsl.Run(folder.Path, "pkcs12", "-in", "a.pfx", "-passin", "pass:" + Password, "-nokeys", "-out", "c.pem");
        OpenSsl.Run(folder.Path, "pkcs12", "-in", "a.pfx", "-passin", "pass:" + Password, "-nocerts", "-nodes", "-out", "k.pem");
    }
}
