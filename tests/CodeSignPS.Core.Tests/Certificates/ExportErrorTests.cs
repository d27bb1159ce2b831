using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Certificates;

public sealed class ExportErrorTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string, CertificateExportOptions> Conflicts => new()
    {
        { "legacy PEM", new CertificateExportOptions { Format = CertificateFileFormat.Pem, Legacy = true } },
        { "DER with key", new CertificateExportOptions { Format = CertificateFileFormat.Der, IncludePrivateKey = true, UnprotectedKey = true } },
        { "DER with password", new CertificateExportOptions { Format = CertificateFileFormat.Der, Password = Passwords.Secure("p") } },
        { "PEM password without key", new CertificateExportOptions { Format = CertificateFileFormat.Pem, Password = Passwords.Secure("p") } },
        { "key path for PFX", new CertificateExportOptions { Password = Passwords.Secure("p"), KeyPath = "k.pem" } },
        { "key path without key", new CertificateExportOptions { Format = CertificateFileFormat.Pem, KeyPath = "k.pem" } },
        { "password and unprotected", new CertificateExportOptions { Password = Passwords.Secure("p"), UnprotectedKey = true } },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void Export_ConflictingOptions_ThrowsAndWritesNothing(string conflict, CertificateExportOptions options)
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string path = folder.File("out.bin");

        var exception = Assert.Throws<CodeSignException>(() => CertificateExporter.Export(certificate, path, options));

        Assert.True(exception.ErrorId == CertificateFileErrorIds.ExportOptionsConflict, conflict);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData(CertificateFileFormat.Pfx)]
    [InlineData(CertificateFileFormat.Pem)]
    public void Export_KeyWithoutPasswordOrConsent_ThrowsPrivateKeyPasswordRequired(CertificateFileFormat format)
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string path = folder.File("out.key");

        var exception = Assert.Throws<CodeSignException>(() => CertificateExporter.Export(
            certificate, path, new CertificateExportOptions { Format = format, IncludePrivateKey = format == CertificateFileFormat.Pem }));

        Assert.Equal(CertificateFileErrorIds.PrivateKeyPasswordRequired, exception.ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Export_IncludeKeyOfCertificateWithoutKey_ThrowsPrivateKeyMissing()
    {
        using X509Certificate2 withKey = TestPki.CreateSelfSigned();
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);

        var exception = Assert.Throws<CodeSignException>(() => CertificateExporter.Export(
            publicOnly, folder.File("out.pem"), new CertificateExportOptions { Format = CertificateFileFormat.Pem, IncludePrivateKey = true, Password = Passwords.Secure("p") }));

        Assert.Equal(SigningKeyErrorIds.PrivateKeyMissing, exception.ErrorId);
    }

    [Fact]
    public void Export_ExistingFileWithoutForce_ThrowsFileExistsAndKeepsIt()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string path = folder.Write("out.cer", "keep me");

        var exception = Assert.Throws<CodeSignException>(() => CertificateExporter.Export(certificate, path, new CertificateExportOptions { Format = CertificateFileFormat.Der }));

        Assert.Equal(CertificateFileErrorIds.FileExists, exception.ErrorId);
        Assert.Equal("keep me", File.ReadAllText(path));
    }

    [Fact]
    public void Export_ExistingFileWithForce_ReplacesIt()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string path = folder.Write("out.cer", "old");

        CertificateExporter.Export(certificate, path, new CertificateExportOptions { Format = CertificateFileFormat.Der, Force = true });

        Assert.Equal(certificate.RawData, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("a.pfx", CertificateFileFormat.Pfx)]
    [InlineData("a.P12", CertificateFileFormat.Pfx)]
    [InlineData("a.pem", CertificateFileFormat.Pem)]
    [InlineData("a.crt", CertificateFileFormat.Pem)]
    [InlineData("a.cer", CertificateFileFormat.Der)]
    [InlineData("a.der", CertificateFileFormat.Der)]
    public void FormatFromPath_KnownExtension_ReturnsFormat(string name, CertificateFileFormat expected) =>
        Assert.Equal(expected, CertificateExporter.FormatFromPath(name));

    [Theory]
    [InlineData("a.txt")]
    [InlineData("noextension")]
    public void FormatFromPath_UnknownExtension_ThrowsExportFormatUnknown(string name)
    {
        var exception = Assert.Throws<CodeSignException>(() => CertificateExporter.FormatFromPath(name));

        Assert.Equal(CertificateFileErrorIds.ExportFormatUnknown, exception.ErrorId);
    }

    [Fact]
    public void Export_CertificateFolderMissing_ThrowsAndKeepsExistingKey()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned();
        string keyPath = Path.Combine(folder.Path, "old.key");
        File.WriteAllText(keyPath, "existing key");
        string certificatePath = Path.Combine(folder.Path, "missing", "c.pem");

        CodeSignException error = Assert.Throws<CodeSignException>(() => CertificateExporter.Export(certificate, certificatePath, new CertificateExportOptions
        {
            Format = CertificateFileFormat.Pem,
            IncludePrivateKey = true,
            KeyPath = keyPath,
            Password = Passwords.Secure("export-password"),
            Force = true,
        }));

        Assert.Equal("OutputFolderNotFound", error.ErrorId);
        Assert.Equal("existing key", File.ReadAllText(keyPath));
    }
}
