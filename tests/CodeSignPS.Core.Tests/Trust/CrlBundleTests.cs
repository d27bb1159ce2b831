using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using Xunit;

namespace CodeSignPS.Core.Tests.Trust;

public sealed class CrlBundleTests : IDisposable
{
    private static readonly X509Certificate2 Ca = CrlTestCa.CreateRoot("CN=CRL Bundle CA, O=CodeSignPS Tests", "P256");
    private static readonly X509Certificate2 Leaf = CrlTestCa.Issue(Ca, "CN=CRL Bundle Leaf", algorithm: "P256");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Pem(byte[] der) => PemEncoding.WriteString("X509 CRL", der) + "\n";

    private static byte[] OlderCrl => CrlTestCa.BuildCrl(Ca, [], thisUpdate: CrlTestCa.Now.AddDays(-3));

    private static byte[] NewerCrl => CrlTestCa.BuildCrl(Ca, [(Leaf, CrlTestCa.Now.AddDays(-2), X509RevocationReason.KeyCompromise)]);

    private string WriteText(string name, string text) => _folder.Write(name, Encoding.ASCII.GetBytes(text));

    // Several CRL blocks in one PEM file

    [Fact]
    public void LoadAll_TwoPemBlocks_ReadsBothInFileOrder()
    {
        string path = WriteText("bundle.pem", Pem(OlderCrl) + Pem(NewerCrl));

        IReadOnlyList<CertificateRevocationList> crls = CrlFileLoader.LoadAll(path);

        Assert.Equal(2, crls.Count);
        Assert.Empty(crls[0].Entries);
        Assert.NotNull(crls[1].FindEntry(Leaf));
    }

    [Fact]
    public void Load_TwoPemBlocks_RevokingSecondBlockIsFound()
    {
        string path = WriteText("bundle.pem", Pem(OlderCrl) + Pem(NewerCrl));

        var collection = new CrlCollection(CrlFileLoader.Load([path]));

        IReadOnlyList<CertificateRevocationList> found = collection.FindCrls(Leaf, Ca, CancellationToken.None);
        Assert.Equal(2, found.Count);
        Assert.Contains(found, crl => crl.FindEntry(Leaf) is not null);
    }

    [Fact]
    public void Load_FolderWithBundle_ReadsEveryBlock()
    {
        WriteText("bundle.pem", Pem(OlderCrl) + Pem(NewerCrl));

        IReadOnlyList<CertificateRevocationList> crls = CrlFileLoader.Load([_folder.Path]);

        Assert.Equal(2, crls.Count);
    }

    [Fact]
    public void LoadAll_CertificateBeforeCrl_SkipsCertificate()
    {
        string path = WriteText("mixed.pem", Ca.ExportCertificatePem() + "\n" + Pem(NewerCrl));

        CertificateRevocationList crl = Assert.Single(CrlFileLoader.LoadAll(path));

        Assert.NotNull(crl.FindEntry(Leaf));
    }

    [Fact]
    public void LoadAll_DamagedSecondBlock_ThrowsCrlUnreadable()
    {
        string damaged = "-----BEGIN X509 CRL-----\nnot base64!\n-----END X509 CRL-----\n";
        string path = WriteText("damaged.pem", Pem(OlderCrl) + damaged);

        CodeSignException error = Assert.Throws<CodeSignException>(() => CrlFileLoader.LoadAll(path));

        Assert.Equal("CrlUnreadable", error.ErrorId);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void LoadFile_TwoPemBlocks_ThrowsCrlUnreadable()
    {
        string path = WriteText("bundle.pem", Pem(OlderCrl) + Pem(NewerCrl));

        CodeSignException error = Assert.Throws<CodeSignException>(() => CrlFileLoader.LoadFile(path));

        Assert.Equal("CrlUnreadable", error.ErrorId);
        Assert.Contains("2 X509 CRL blocks", error.Message);
    }

    [Fact]
    public void Decode_TwoPemBlocks_ThrowsFormatException()
    {
        byte[] bundle = Encoding.ASCII.GetBytes(Pem(OlderCrl) + Pem(NewerCrl));

        Assert.Throws<FormatException>(() => CertificateRevocationList.Decode(bundle));
    }

    // File size

    [Fact]
    public void LoadAll_FileAboveLimit_ThrowsCrlFileTooLarge()
    {
        string path = Path.Combine(_folder.Path, "huge.crl");
        using (FileStream stream = File.Create(path))
        {
            stream.SetLength(CrlFileLoader.MaxFileBytes + 1L);
        }

        CodeSignException error = Assert.Throws<CodeSignException>(() => CrlFileLoader.LoadAll(path));

        Assert.Equal("CrlFileTooLarge", error.ErrorId);
        Assert.Contains(path, error.Message);
    }
}
