using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Tests.Trust;

public sealed class TrustStoreLoaderTests : IDisposable
{
    private static readonly X509Certificate2 First = TestPki.CreateSelfSigned("CN=First Root");
    private static readonly X509Certificate2 Second = TestPki.CreateSelfSigned("CN=Second Root");
    private static readonly X509Certificate2 Third = TestPki.CreateSelfSigned("CN=Third Root");

    private readonly string _folder = Directory.CreateTempSubdirectory("codesignps-truststore-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // PEM bundles

    [Fact]
    public void Load_PemBundle_ReadsEveryCertificateInOrder()
    {
        string path = Write("roots.pem", Pem(First) + Pem(Second) + Pem(Third));

        TrustStore store = TrustStoreLoader.Load(path);

        Assert.Equal(new[] { First.Thumbprint, Second.Thumbprint, Third.Thumbprint }, Thumbprints(store));
        Assert.Equal(path, store.Name);
    }

    [Theory]
    [InlineData("crlf line endings")]
    [InlineData("byte order mark")]
    [InlineData("text around blocks")]
    [InlineData("private key block too")]
    public void Load_PemVariant_ReadsCertificates(string variant)
    {
        string content = variant switch
        {
            "crlf line endings" => (Pem(First) + Pem(Second)).ReplaceLineEndings("\r\n"),
            "byte order mark" => "\uFEFF" + Pem(First) + Pem(Second),
            "text around blocks" => "subject=CN=First Root\n" + Pem(First) + "\nsubject=CN=Second Root\n" + Pem(Second) + "trailing notes\n",
            "private key block too" => PrivateKeyPem() + Pem(First) + Pem(Second),
            _ => throw new ArgumentException(variant),
        };
        string path = Write("roots.pem", content);

        TrustStore store = TrustStoreLoader.Load(path);

        Assert.Equal(new[] { First.Thumbprint, Second.Thumbprint }, Thumbprints(store));
    }

    [Theory]
    [InlineData("codesignctl.pem")]
    [InlineData("timestampctl.pem")]
    public void Load_SdkTrustedRoots_ReadsEveryBlock(string fileName)
    {
        string path = ExternalTrustMaterial.SdkTrustedRoot(fileName);
        int blockCount = File.ReadAllLines(path).Count(line => line.Trim() == "-----BEGIN CERTIFICATE-----");

        TrustStore store = TrustStoreLoader.Load(path);

        Assert.True(blockCount > 100, $"expected a large bundle, found {blockCount} blocks");
        Assert.Equal(blockCount, store.Certificates.Count);
    }

    // DER files

    [Theory]
    [InlineData("root.cer")]
    [InlineData("root.der")]
    [InlineData("root.crt")]
    [InlineData("root-without-extension")]
    public void Load_DerFile_ReadsCertificate(string fileName)
    {
        string path = Write(fileName, First.RawData);

        TrustStore store = TrustStoreLoader.Load(path);

        Assert.Equal(First.Thumbprint, Assert.Single(Thumbprints(store)));
    }

    // Folders

    [Fact]
    public void Load_Folder_ReadsMatchingFilesOnly()
    {
        Write("a.pem", Pem(First));
        Write("b.DER", Second.RawData);
        Write("c.crt", Pem(Third));
        Write("notes.txt", "not a certificate");
        Write("d.key", PrivateKeyPem());
        Directory.CreateDirectory(Path.Combine(_folder, "nested"));
        Write(Path.Combine("nested", "e.pem"), Pem(TestPki.CreateSelfSigned("CN=Nested Root")));

        TrustStore store = TrustStoreLoader.Load(_folder);

        Assert.Equal(new[] { First.Thumbprint, Second.Thumbprint, Third.Thumbprint }, Thumbprints(store));
        Assert.Equal(Path.GetFullPath(_folder), store.Name);
    }

    [Fact]
    public void Load_RelativePath_NamedByFullPath()
    {
        string path = Write("roots.pem", Pem(First));
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);

        TrustStore store = TrustStoreLoader.Load(relative);

        Assert.Equal(path, store.Name);
    }

    // Errors

    [Fact]
    public void Load_MissingPath_TrustStoreNotFound()
    {
        string path = Path.Combine(_folder, "missing.pem");

        CodeSignException error = Assert.Throws<CodeSignException>(() => TrustStoreLoader.Load(path));

        Assert.Equal("TrustStoreNotFound", error.ErrorId);
        Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
        Assert.Equal(path, error.Target);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData("empty folder")]
    [InlineData("folder with only other files")]
    [InlineData("folder with certificate in subfolder only")]
    public void Load_FolderWithoutCertificateFiles_TrustStoreEmpty(string variant)
    {
        if (variant != "empty folder")
        {
            Write("readme.txt", "roots go here");
        }

        if (variant == "folder with certificate in subfolder only")
        {
            Directory.CreateDirectory(Path.Combine(_folder, "nested"));
            Write(Path.Combine("nested", "root.pem"), Pem(First));
        }

        CodeSignException error = Assert.Throws<CodeSignException>(() => TrustStoreLoader.Load(_folder));

        Assert.Equal("TrustStoreEmpty", error.ErrorId);
        Assert.Equal(_folder, error.Target);
        Assert.Contains("subfolders are not searched", error.Message);
    }

    [Theory]
    [InlineData("empty file", "an empty file")]
    [InlineData("private key only", "PRIVATE KEY")]
    public void Load_FileWithoutCertificates_TrustStoreEmpty(string variant, string found)
    {
        string path = Write("roots.pem", variant == "empty file" ? string.Empty : PrivateKeyPem());

        CodeSignException error = Assert.Throws<CodeSignException>(() => TrustStoreLoader.Load(path));

        Assert.Equal("TrustStoreEmpty", error.ErrorId);
        Assert.Equal(path, error.Target);
        Assert.Contains(found, error.Message);
    }

    [Fact]
    public void Load_FolderWithKeyOnlyPem_NamesThatFile()
    {
        Write("a.pem", Pem(First));
        string keyOnly = Write("b.pem", PrivateKeyPem());

        CodeSignException error = Assert.Throws<CodeSignException>(() => TrustStoreLoader.Load(_folder));

        Assert.Equal("TrustStoreEmpty", error.ErrorId);
        Assert.Equal(keyOnly, error.Target);
    }

    public static TheoryData<string, byte[], string> UnreadableFiles()
    {
        string firstPem = Pem(First);
        string truncatedSecond = Pem(Second)[..^30];
        string badBase64 = Pem(Second).Replace("MII", "M*I", StringComparison.Ordinal);
        string notACertificate = "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x05 }) + "\n-----END CERTIFICATE-----\n";
        string trusted = Pem(First).Replace("CERTIFICATE", "TRUSTED CERTIFICATE", StringComparison.Ordinal);

        return new TheoryData<string, byte[], string>
        {
            { "random bytes", RandomNumberGenerator.GetBytes(64), "neither PEM text nor a DER certificate" },
            { "truncated DER", First.RawData[..^10], "neither PEM text nor a DER certificate" },
            { "PFX", First.Export(X509ContentType.Pfx, "pw"), "PKCS#12" },
            { "second block without END", Encoding.ASCII.GetBytes(firstPem + truncatedSecond), $"line {LineCount(firstPem) + 1}" },
            { "block with invalid base64", Encoding.ASCII.GetBytes(firstPem + badBase64), $"line {LineCount(firstPem) + 1}" },
            { "block that is not a certificate", Encoding.ASCII.GetBytes(notACertificate), "CERTIFICATE block at line 1" },
            { "OpenSSL trusted certificate", Encoding.ASCII.GetBytes(trusted), "TRUSTED CERTIFICATE" },
        };
    }

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public void Load_MalformedFile_TrustStoreUnreadable(string variant, byte[] content, string found)
    {
        string path = Write("roots.cer", content);

        CodeSignException error = Assert.Throws<CodeSignException>(() => TrustStoreLoader.Load(path));

        Assert.Equal("TrustStoreUnreadable", error.ErrorId);
        Assert.Equal(FailureCategory.InvalidData, error.Category);
        Assert.Equal(path, error.Target);
        Assert.Contains(path, error.Message);
        Assert.True(error.Message.Contains(found, StringComparison.Ordinal), $"{variant}: '{found}' not in: {error.Message}");
    }

    [Fact]
    public void Load_OversizedFile_TrustStoreUnreadable()
    {
        string path = Path.Combine(_folder, "huge.pem");
        using (FileStream stream = File.Create(path))
        {
            stream.SetLength(16 * 1024 * 1024 + 1);
        }

        CodeSignException error = Assert.Throws<CodeSignException>(() => TrustStoreLoader.Load(path));

        Assert.Equal("TrustStoreUnreadable", error.ErrorId);
        Assert.Contains("more than the", error.Message);
    }

    private string Write(string relativePath, string content) => Write(relativePath, Encoding.UTF8.GetBytes(content));

    private string Write(string relativePath, byte[] content)
    {
        string path = Path.Combine(_folder, relativePath);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    private static string PrivateKeyPem()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    private static int LineCount(string text) => text.Count(character => character == '\n');

    private static string[] Thumbprints(TrustStore store)
        => store.Certificates.Select(certificate => certificate.Thumbprint).ToArray();
}
