using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Tests.Keys;

/// <summary>Key and certificate files that are empty, huge, saved with a byte order mark or in chain order.</summary>
public sealed class HostileKeyFileTests : IDisposable
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    // ---- Empty and oversized files ----

    [Theory]
    [InlineData("pfx")]
    [InlineData("pem certificate")]
    [InlineData("pem key")]
    [InlineData("import")]
    [InlineData("inventory")]
    public void Readers_EmptyFile_FileEmptyNamingTheFile(string reader)
    {
        string empty = folder.Write("empty.bin", []);
        using X509Certificate2 signer = TestCertificates.Create(KeyKind.EcdsaP256);
        string certificate = folder.Write("signer.pem", signer.ExportCertificatePem());

        var exception = Assert.Throws<CodeSignException>(() => Read(reader, empty, certificate));

        Assert.Equal(SigningKeyErrorIds.FileEmpty, exception.ErrorId);
        Assert.Contains(empty, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAllBytes_FileOverBound_FileTooLargeBeforeReading()
    {
        string path = folder.File("huge.pfx");
        using (FileStream stream = File.Create(path))
        {
            stream.SetLength(KeyFile.MaximumLength + 1);
        }

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportFile(path, null));

        Assert.Equal(SigningKeyErrorIds.FileTooLarge, exception.ErrorId);
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportBase64_TextOverBound_FileTooLarge()
    {
        string text = new('A', (int)(KeyFile.MaximumLength / 3 * 4) + 8);

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportBase64(text, null));

        Assert.Equal(SigningKeyErrorIds.FileTooLarge, exception.ErrorId);
    }

    [Fact]
    public void Decode_EmptyPemBlock_PemCertificateUnreadable()
    {
        string path = folder.Write("empty-block.pem", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportFile(path, null));

        Assert.Equal(SigningKeyErrorIds.PemCertificateUnreadable, exception.ErrorId);
    }

    [Fact]
    public void ReadAll_DamagedBase64_SaysTheBlockIsDamaged()
    {
        string path = folder.Write("damaged.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportFile(path, null));

        Assert.Equal(SigningKeyErrorIds.PemCertificateUnreadable, exception.ErrorId);
        Assert.Contains("damaged", exception.Message, StringComparison.Ordinal);
    }

    // ---- Byte order mark ----

    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.Rsa3072)]
    public void FromPem_FilesWithByteOrderMark_Sign(KeyKind kind)
    {
        using X509Certificate2 signer = TestCertificates.Create(kind);
        string certificate = WriteWithMark("cert.pem", signer.ExportCertificatePem());
        string key = WriteWithMark("key.pem", PrivateKeyPem(signer));

        using SigningKey loaded = SigningKeyLoader.FromPem(certificate, key, null);

        Assert.Equal(signer.Thumbprint, loaded.Certificate.Thumbprint);
    }

    [Fact]
    public void Read_InventoryOfPemWithByteOrderMark_ListsTheCertificate()
    {
        using X509Certificate2 signer = TestCertificates.Create(KeyKind.EcdsaP256);
        string path = WriteWithMark("cert.pem", signer.ExportCertificatePem());

        using CertificateFile file = CertificateFileReader.Read(path, null);

        Assert.Equal(signer.Thumbprint, Assert.Single(file.Certificates).Thumbprint);
    }

    // ---- Bundles in chain order ----

    [Fact]
    public void FromPem_AnswerWithCaFirst_SignsWithTheKeysCertificate()
    {
        (X509Certificate2 authority, X509Certificate2 leaf) = TestCertificates.CreateIssuedChain(KeyKind.EcdsaP256);
        using (authority)
        using (leaf)
        {
            string answer = folder.Write("answer.pem", authority.ExportCertificatePem() + "\n" + leaf.ExportCertificatePem());
            string key = folder.Write("key.pem", PrivateKeyPem(leaf));

            using SigningKey loaded = SigningKeyLoader.FromPem(answer, key, null);

            Assert.Equal(leaf.Thumbprint, loaded.Certificate.Thumbprint);
            Assert.Equal(authority.Thumbprint, Assert.Single(loaded.AdditionalCertificates).Thumbprint);
        }
    }

    [Fact]
    public void ImportWithKey_AnswerWithCaFirst_ReturnsTheKeysCertificate()
    {
        (X509Certificate2 authority, X509Certificate2 leaf) = TestCertificates.CreateIssuedChain(KeyKind.Rsa2048);
        using (authority)
        using (leaf)
        {
            string answer = folder.Write("answer.pem", authority.ExportCertificatePem() + "\n" + leaf.ExportCertificatePem());
            string key = folder.Write("key.pem", PrivateKeyPem(leaf));

            using X509Certificate2 imported = CertificateImporter.ImportWithKey(answer, key, null);

            Assert.Equal(leaf.Thumbprint, imported.Thumbprint);
            Assert.True(imported.HasPrivateKey);
        }
    }

    [Fact]
    public void ImportFile_BundleWithCaFirstAndNoKey_ReturnsTheLeaf()
    {
        (X509Certificate2 authority, X509Certificate2 leaf) = TestCertificates.CreateIssuedChain(KeyKind.EcdsaP256);
        using (authority)
        using (leaf)
        {
            string bundle = folder.Write("bundle.pem", authority.ExportCertificatePem() + "\n" + leaf.ExportCertificatePem());

            using X509Certificate2 imported = CertificateImporter.ImportFile(bundle, null);

            Assert.Equal(leaf.Thumbprint, imported.Thumbprint);
        }
    }

    [Fact]
    public void ImportWithKey_NoCertificateMatches_PrivateKeyMismatch()
    {
        using X509Certificate2 signer = TestCertificates.Create(KeyKind.EcdsaP256);
        using X509Certificate2 other = TestCertificates.Create(KeyKind.EcdsaP256);
        string certificate = folder.Write("cert.pem", signer.ExportCertificatePem());
        string key = folder.Write("key.pem", PrivateKeyPem(other));

        var exception = Assert.Throws<CodeSignException>(() => CertificateImporter.ImportWithKey(certificate, key, null));

        Assert.Equal(SigningKeyErrorIds.PrivateKeyMismatch, exception.ErrorId);
    }

    private static object Read(string reader, string empty, string certificate) => reader switch
    {
        "pfx" => SigningKeyLoader.FromPfx(empty, null),
        "pem certificate" => SigningKeyLoader.FromPem(empty, certificate, null),
        "pem key" => SigningKeyLoader.FromPem(certificate, empty, null),
        "import" => CertificateImporter.ImportFile(empty, null),
        _ => CertificateFileReader.Read(empty, null),
    };

    private static string PrivateKeyPem(X509Certificate2 certificate) =>
        (System.Security.Cryptography.AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() is { } rsa
            ? rsa.ExportPkcs8PrivateKeyPem()
            : certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    private string WriteWithMark(string name, string text) =>
        folder.Write(name, [.. ByteOrderMark, .. Encoding.ASCII.GetBytes(text)]);
}
