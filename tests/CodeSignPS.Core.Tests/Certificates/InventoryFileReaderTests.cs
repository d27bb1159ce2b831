using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;
using static CodeSignPS.Core.Tests.Certificates.InventoryCertificates;

namespace CodeSignPS.Core.Tests.Certificates;

public sealed class InventoryFileReaderTests : IDisposable
{
    private const string PasswordText = "Inventory-Passw0rd";

    private readonly string _folder = Directory.CreateTempSubdirectory("inventory-").FullName;
    private readonly X509Certificate2 _certificate = Create();

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    // ---- Kinds of file, told apart by content ----

    [Theory]
    [InlineData("certificate.pem", "pem", false)]
    [InlineData("certificate-and-key.pem", "pem+key", true)]
    [InlineData("certificate.cer", "der", false)]
    [InlineData("named-wrongly.pem", "pfx", true)]
    public void Read_Kind_ReturnsCertificateAndKey(string name, string kind, bool hasKey)
    {
        string path = Write(name, kind);

        using CertificateFile file = CertificateFileReader.Read(path, Password());

        X509Certificate2 read = Assert.Single(file.Certificates);
        Assert.Equal(_certificate.Thumbprint, read.Thumbprint);
        Assert.Equal(hasKey, read.HasPrivateKey || file.KeyFor(read) is not null);
    }

    [Fact]
    public void Read_KeyOnlyPem_NoCertificates()
    {
        string path = Write("key.pem", "key");

        using CertificateFile file = CertificateFileReader.Read(path, null);

        Assert.Empty(file.Certificates);
        Assert.NotNull(file.PemKey);
    }

    [Fact]
    public void Read_PemKeyOfOtherCertificate_KeyForReturnsNull()
    {
        using X509Certificate2 other = Create();
        using RSA otherKey = other.GetRSAPrivateKey()!;
        string path = Path.Combine(_folder, "mismatched.pem");
        File.WriteAllText(path, _certificate.ExportCertificatePem() + "\n" + otherKey.ExportPkcs8PrivateKeyPem());

        using CertificateFile file = CertificateFileReader.Read(path, null);

        Assert.Null(file.KeyFor(file.Certificates[0]));
    }

    // ---- Bad input ----

    [Theory]
    [InlineData("wrong", SigningKeyErrorIds.PfxPasswordInvalid)]
    [InlineData(null, SigningKeyErrorIds.PfxPasswordRequired)]
    public void Read_PfxPasswordProblem_ThrowsId(string? password, string errorId)
    {
        string path = Write("signer.pfx", "pfx");

        var exception = Assert.Throws<CodeSignException>(() => CertificateFileReader.Read(path, password is null ? null : Secure(password)));

        Assert.Equal(errorId, exception.ErrorId);
    }

    [Fact]
    public void Read_Garbage_ThrowsPemCertificateUnreadable()
    {
        string path = Path.Combine(_folder, "garbage.cer");
        File.WriteAllBytes(path, [0x01, 0x02, 0x03]);

        var exception = Assert.Throws<CodeSignException>(() => CertificateFileReader.Read(path, null));

        Assert.Equal(SigningKeyErrorIds.PemCertificateUnreadable, exception.ErrorId);
    }

    [Fact]
    public void Read_Missing_ThrowsFileNotFound()
    {
        var exception = Assert.Throws<CodeSignException>(() => CertificateFileReader.Read(Path.Combine(_folder, "missing.pem"), null));

        Assert.Equal(SigningKeyErrorIds.FileNotFound, exception.ErrorId);
    }

    private string Write(string name, string kind)
    {
        string path = Path.Combine(_folder, name);
        using RSA key = _certificate.GetRSAPrivateKey()!;
        switch (kind)
        {
            case "pem":
                File.WriteAllText(path, _certificate.ExportCertificatePem());
                break;
            case "pem+key":
                File.WriteAllText(path, _certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
                break;
            case "key":
                File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
                break;
            case "der":
                File.WriteAllBytes(path, _certificate.RawData);
                break;
            case "pfx":
                File.WriteAllBytes(path, _certificate.Export(X509ContentType.Pfx, PasswordText));
                break;
        }

        return path;
    }

    private static SecureString Password() => Secure(PasswordText);

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char character in text)
        {
            secure.AppendChar(character);
        }

        return secure;
    }
}
