using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Certificates;

public sealed class ExportCertificateTests : IDisposable
{
    private const string Password = ImportExportSupport.Password;
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [OpenSslTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Export_Pfx_OpenSslReadsItWithTheExpectedAlgorithms(bool legacy)
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string path = folder.File("out.pfx");

        CertificateExporter.Export(certificate, path, new CertificateExportOptions { Password = Passwords.Secure(Password), Legacy = legacy });

        string info = ImportExportSupport.Run(folder.Path, "pkcs12", "-in", path, "-passin", "pass:" + Password, "-noout", "-info");
        Assert.Contains(legacy ? "MAC: sha1" : "MAC: sha256", info);
        Assert.Contains(legacy ? "pbeWithSHA1And3-KeyTripleDES-CBC" : "AES-256-CBC", info);
        Assert.Contains("Shrouded Keybag", info);
        using X509Certificate2 back = CertificateImporter.ImportFile(path, Passwords.Secure(Password));
        ImportCertificateTests.AssertSigns(back);
    }

    [OpenSslFact]
    public void Export_PemWithEncryptedKey_OpenSslReadsCertificateAndKey()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSignedEcdsa();
        string path = folder.File("out.pem");
        string keyPath = folder.File("out.key");

        CertificateExporter.Export(certificate, path, new CertificateExportOptions
        {
            Format = CertificateFileFormat.Pem, IncludePrivateKey = true, Password = Passwords.Secure(Password), KeyPath = keyPath,
        });

        Assert.Contains("BEGIN ENCRYPTED PRIVATE KEY", File.ReadAllText(keyPath));
        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(path));
        ImportExportSupport.Run(folder.Path, "x509", "-in", path, "-noout");
        ImportExportSupport.Run(folder.Path, "pkey", "-in", keyPath, "-passin", "pass:" + Password, "-noout");
        string parameters = ImportExportSupport.Run(folder.Path, "asn1parse", "-in", keyPath);
        Assert.Contains("aes-256-cbc", parameters);
        Assert.Contains("hmacWithSHA256", parameters);
        using X509Certificate2 back = CertificateImporter.ImportWithKey(path, keyPath, Passwords.Secure(Password));
        ImportCertificateTests.AssertSigns(back);
    }

    [OpenSslFact]
    public void Export_Der_OpenSslReadsTheCertificate()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string path = folder.File("out.cer");

        CertificateExporter.Export(certificate, path, new CertificateExportOptions { Format = CertificateFileFormat.Der });

        string subject = ImportExportSupport.Run(folder.Path, "x509", "-inform", "DER", "-in", path, "-noout", "-subject");
        Assert.Contains("Self Signed Test", subject);
        Assert.Equal(certificate.RawData, File.ReadAllBytes(path));
    }

    [OpenSslFact]
    public void Export_UnprotectedKey_WritesPlainKeyThatOpenSslReads()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string pem = folder.File("plain.pem");
        string pfx = folder.File("plain.pfx");

        CertificateExporter.Export(certificate, pem, new CertificateExportOptions { Format = CertificateFileFormat.Pem, IncludePrivateKey = true, UnprotectedKey = true });
        CertificateExporter.Export(certificate, pfx, new CertificateExportOptions { UnprotectedKey = true });

        Assert.Contains("BEGIN PRIVATE KEY", File.ReadAllText(pem));
        ImportExportSupport.Run(folder.Path, "pkey", "-in", pem, "-noout");
        ImportExportSupport.Run(folder.Path, "pkcs12", "-in", pfx, "-passin", "pass:", "-noout");
        ImportCertificateTests.AssertSigns(CertificateImporter.ImportFile(pfx, null));
    }

    [Theory]
    [InlineData(CertificateFileFormat.Pfx, false)]
    [InlineData(CertificateFileFormat.Pem, true)]
    public void Export_FileWithKey_IsOwnerOnly(CertificateFileFormat format, bool includeKey)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows files take the folder's access control list instead of a mode.
        }

        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string path = folder.File("key-holder." + format.ToString().ToLowerInvariant());

        CertificateExporter.Export(certificate, path, new CertificateExportOptions { Format = format, IncludePrivateKey = includeKey, Password = Passwords.Secure(Password) });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
