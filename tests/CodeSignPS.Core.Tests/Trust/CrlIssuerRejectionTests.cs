using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using Xunit;

namespace CodeSignPS.Core.Tests.Trust;

public sealed class CrlIssuerRejectionTests : IDisposable
{
    private const string CaName = "CN=Refusing CRL CA, O=CodeSignPS Tests";
    private static readonly X509Certificate2 Ca = CrlTestCa.CreateRoot(CaName, "P256");
    private static readonly X509Certificate2 Twin = CrlTestCa.CreateRoot(CaName, "P256");
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string CrlPath => Path.Combine(_folder.Path, "ca.crl");

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    // A file with several CRLs

    [Fact]
    public void Open_PemWithTwoCrls_ThrowsCrlFileHasSeveralCrlsAndLeavesFile()
    {
        string single = Path.Combine(_folder.Path, "ca.pem");
        CrlIssuer.Open(Ca, single).Revoke("A1", null, CrlTestCa.Now, Week, CrlTestCa.Now);
        string older = File.ReadAllText(single);
        CrlIssuer.Open(Ca, single).Revoke("A2", null, CrlTestCa.Now, Week, CrlTestCa.Now.AddMinutes(1));
        string bundle = _folder.Write("bundle.pem", Encoding.ASCII.GetBytes(older + File.ReadAllText(single)));
        string before = Hash(bundle);

        CodeSignException error = Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, bundle));

        Assert.Equal("CrlFileHasSeveralCrls", error.ErrorId);
        Assert.Contains(bundle, error.Message);
        Assert.Equal(before, Hash(bundle));
    }

    // Output folder

    [Fact]
    public void Open_MissingFolder_ThrowsOutputFolderNotFound()
    {
        string folder = Path.Combine(_folder.Path, "missing");

        CodeSignException error = Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, Path.Combine(folder, "ca.crl")));

        Assert.Equal("OutputFolderNotFound", error.ErrorId);
        Assert.Contains(folder, error.Message);
        Assert.DoesNotContain(".tmp", error.Message);
    }

    [Fact]
    public void Revoke_FolderRemovedAfterOpen_ThrowsOutputFolderNotFound()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_folder.Path, "gone")).FullName;
        CrlIssuer issuer = CrlIssuer.Open(Ca, Path.Combine(folder, "ca.crl"));
        Directory.Delete(folder);

        CodeSignException error = Assert.Throws<CodeSignException>(() => issuer.Revoke("A1", null, CrlTestCa.Now, Week));

        Assert.Equal("OutputFolderNotFound", error.ErrorId);
        Assert.DoesNotContain(".tmp", error.Message);
    }

    // CRL numbers out of the range of RFC 5280 §5.2.3

    public static TheoryData<string> OutOfRangeNumbers => new()
    {
        "-1",
        "-340282366920938463463374607431768211456",
        (BigInteger.Pow(2, 159) - 1).ToString(),
        BigInteger.Pow(2, 200).ToString(),
    };

    [Theory]
    [MemberData(nameof(OutOfRangeNumbers))]
    public void Open_CrlNumberOutOfRange_ThrowsAndLeavesFile(string number)
    {
        File.WriteAllBytes(CrlPath, SignedCrl(Ca, BigInteger.Parse(number)));
        string before = Hash(CrlPath);

        CodeSignException error = Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, CrlPath));

        Assert.Equal("CrlNumberOutOfRange", error.ErrorId);
        Assert.Contains(CrlPath, error.Message);
        Assert.Equal(before, Hash(CrlPath));
    }

    [Fact]
    public void Revoke_CrlNumberOneBelowLimit_WritesLargestNumber()
    {
        BigInteger largest = BigInteger.Pow(2, 159) - 1;
        File.WriteAllBytes(CrlPath, SignedCrl(Ca, largest - 1));

        CertificateRevocationList written = CrlIssuer.Open(Ca, CrlPath).Revoke("A1", null, CrlTestCa.Now, Week);

        Assert.Equal(largest, written.CrlNumber);
    }

    // The certificate to revoke must come from this CA

    [Fact]
    public void CheckIssued_OwnCertificate_Passes()
    {
        X509Certificate2 leaf = CrlTestCa.Issue(Ca, "CN=Own leaf", algorithm: "P256");

        CrlIssuer.Open(Ca, CrlPath).CheckIssued(leaf);
    }

    [Fact]
    public void CheckIssued_TwinCaWithKeyIdentifiers_ThrowsCertificateNotIssuedByIssuer()
    {
        X509Certificate2 leaf = CrlTestCa.Issue(Twin, "CN=Twin leaf", algorithm: "P256");

        CodeSignException error = Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, CrlPath).CheckIssued(leaf));

        Assert.Equal("CertificateNotIssuedByIssuer", error.ErrorId);
        Assert.Contains(leaf.Thumbprint, error.Message);
        Assert.Contains("key identifier", error.Message);
    }

    [Fact]
    public void CheckIssued_TwinCaWithoutKeyIdentifiers_ThrowsOnSignature()
    {
        X509Certificate2 leaf = IssueWithoutKeyIdentifier(Twin, "CN=Twin leaf without AKI");

        CodeSignException error = Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, CrlPath).CheckIssued(leaf));

        Assert.Equal("CertificateNotIssuedByIssuer", error.ErrorId);
        Assert.Contains("signature does not verify", error.Message);
    }

    [Fact]
    public void CheckIssued_OtherIssuerName_ThrowsCertificateNotIssuedByIssuer()
    {
        X509Certificate2 other = CrlTestCa.CreateRoot("CN=Other CA", "P256");
        X509Certificate2 leaf = CrlTestCa.Issue(other, "CN=Other leaf", algorithm: "P256");

        CodeSignException error = Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, CrlPath).CheckIssued(leaf));

        Assert.Equal("CertificateNotIssuedByIssuer", error.ErrorId);
        Assert.Contains("CN=Other CA", error.Message);
    }

    private static X509Certificate2 IssueWithoutKeyIdentifier(X509Certificate2 issuer, string subject)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.Create(issuer, CrlTestCa.Now.AddDays(-1), CrlTestCa.Now.AddDays(30), [0x01, 0x02, 0x03]);
    }

    // CertificateRevocationListBuilder rejects a negative CRL number, so these CRLs are written by
    // hand: a TBSCertList with version, signature, issuer, thisUpdate, nextUpdate and a cRLNumber
    // extension (RFC 5280 §5.1), signed with ECDSA and SHA-256.
    private static byte[] SignedCrl(X509Certificate2 issuer, BigInteger crlNumber)
    {
        AsnWriter tbs = new(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            tbs.WriteInteger(1);
            WriteEcdsaSha256(tbs);
            tbs.WriteEncodedValue(issuer.SubjectName.RawData);
            tbs.WriteUtcTime(CrlTestCa.Now.AddDays(-1));
            tbs.WriteUtcTime(CrlTestCa.Now.AddDays(7));
            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            using (tbs.PushSequence())
            using (tbs.PushSequence())
            {
                tbs.WriteObjectIdentifier("2.5.29.20");
                AsnWriter number = new(AsnEncodingRules.DER);
                number.WriteInteger(crlNumber);
                tbs.WriteOctetString(number.Encode());
            }
        }

        byte[] signed = tbs.Encode();
        using ECDsa key = issuer.GetECDsaPrivateKey()!;
        AsnWriter crl = new(AsnEncodingRules.DER);
        using (crl.PushSequence())
        {
            crl.WriteEncodedValue(signed);
            WriteEcdsaSha256(crl);
            crl.WriteBitString(key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        return crl.Encode();
    }

    private static void WriteEcdsaSha256(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.10045.4.3.2");
        }
    }
}
