using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Trust;
using Xunit;

namespace CodeSignPS.Core.Tests.Trust;

public sealed class CrlDecoderTests
{
    private static readonly X509Certificate2 RsaRoot = CrlTestCa.CreateRoot("CN=CRL Decoder RSA Root, O=CodeSignPS Tests");
    private static readonly X509Certificate2 Leaf = CrlTestCa.Issue(RsaRoot, "CN=CRL Decoder Leaf");

    // Fields

    [Fact]
    public void Decode_CrlBuiltByDotNet_ReadsEveryField()
    {
        DateTimeOffset revoked = CrlTestCa.Now.AddDays(-3);
        byte[] der = CrlTestCa.BuildCrl(RsaRoot, [(Leaf, revoked, X509RevocationReason.KeyCompromise)]);

        CertificateRevocationList crl = CertificateRevocationList.Decode(der);

        Assert.Equal(RsaRoot.Subject, crl.Issuer.Name);
        Assert.Equal(CrlTestCa.Now.AddDays(-1), crl.ThisUpdate);
        Assert.Equal(CrlTestCa.Now.AddDays(6), crl.NextUpdate);
        Assert.Equal(1, (int)crl.CrlNumber!.Value);
        Assert.Equal("1.2.840.113549.1.1.11", crl.SignatureAlgorithmOid);
        Assert.False(crl.IsDelta);
        Assert.Null(crl.UnknownCriticalExtension);
        Assert.NotNull(crl.AuthorityKeyIdentifier);
        RevokedCertificateEntry entry = Assert.Single(crl.Entries);
        Assert.Equal(Leaf.SerialNumber, entry.SerialNumber);
        Assert.Equal(revoked, entry.RevocationDate);
        Assert.Equal(X509RevocationReason.KeyCompromise, entry.Reason);
        Assert.Same(entry, crl.FindEntry(Leaf));
        Assert.Equal(der, crl.RawData.ToArray());
    }

    [Fact]
    public void Decode_EntryWithoutReason_ReasonIsNull()
    {
        byte[] der = CrlTestCa.BuildCrl(RsaRoot, [(Leaf, CrlTestCa.Now, null)]);

        Assert.Null(Assert.Single(CertificateRevocationList.Decode(der).Entries).Reason);
    }

    [Fact]
    public void Decode_NoEntries_EntriesEmpty()
    {
        CertificateRevocationList crl = CertificateRevocationList.Decode(CrlTestCa.BuildCrl(RsaRoot, []));

        Assert.Empty(crl.Entries);
        Assert.Null(crl.FindEntry(Leaf));
    }

    [Fact]
    public void Decode_Pem_SameAsDer()
    {
        byte[] der = CrlTestCa.BuildCrl(RsaRoot, [(Leaf, CrlTestCa.Now, X509RevocationReason.Superseded)]);
        byte[] pem = Encoding.ASCII.GetBytes("comment line\n" + PemEncoding.WriteString("X509 CRL", der) + "\n");

        CertificateRevocationList crl = CertificateRevocationList.Decode(pem);

        Assert.Equal(der, crl.RawData.ToArray());
        Assert.Equal(X509RevocationReason.Superseded, Assert.Single(crl.Entries).Reason);
    }

    // Malformed input

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public void Decode_Truncated_Throws(int keep)
    {
        byte[] der = CrlTestCa.BuildCrl(RsaRoot, [(Leaf, CrlTestCa.Now, null)]);

        Assert.Throws<AsnContentException>(() => CertificateRevocationList.Decode(der[..keep]));
    }

    [Fact]
    public void Decode_Certificate_Throws()
    {
        Assert.ThrowsAny<Exception>(() => CertificateRevocationList.Decode(RsaRoot.RawData));
    }

    [Fact]
    public void Decode_PemOfAnotherLabel_ThrowsFormatException()
    {
        byte[] pem = Encoding.ASCII.GetBytes(PemEncoding.WriteString("CERTIFICATE", RsaRoot.RawData).Replace("-----BEGIN CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\n-----BEGIN X509 CRL-----"));

        Assert.ThrowsAny<Exception>(() => CertificateRevocationList.Decode(pem));
    }

    // Signatures

    [Theory]
    [InlineData("RSA", "1.2.840.113549.1.1.11")]
    [InlineData("P256", "1.2.840.10045.4.3.2")]
    [InlineData("P384", "1.2.840.10045.4.3.2")]
    public void VerifySignature_IssuerKey_Verifies(string algorithm, string expectedOid)
    {
        X509Certificate2 root = CrlTestCa.CreateRoot($"CN=CRL Signature {algorithm}", algorithm);
        CertificateRevocationList crl = CertificateRevocationList.Decode(CrlTestCa.BuildCrl(root, []));

        Assert.Equal(expectedOid, crl.SignatureAlgorithmOid);
        Assert.Null(crl.VerifySignature(CrlTestCa.PublicOnly(root)));
    }

    [Fact]
    public void VerifySignature_RsaPss_Verifies()
    {
        CertificateRevocationList crl = CertificateRevocationList.Decode(CrlTestCa.BuildCrl(RsaRoot, [], padding: RSASignaturePadding.Pss));

        Assert.Equal("1.2.840.113549.1.1.10", crl.SignatureAlgorithmOid);
        Assert.Null(crl.VerifySignature(RsaRoot));
    }

    [Theory]
    [InlineData("RSA")]
    [InlineData("P256")]
    public void VerifySignature_SameNameOtherKey_ReturnsReason(string algorithm)
    {
        X509Certificate2 root = CrlTestCa.CreateRoot("CN=CRL Same Name", algorithm);
        X509Certificate2 impostor = CrlTestCa.CreateRoot("CN=CRL Same Name", algorithm);
        CertificateRevocationList crl = CertificateRevocationList.Decode(CrlTestCa.BuildCrl(impostor, []));

        Assert.Contains("does not verify", crl.VerifySignature(root));
    }

    [Fact]
    public void VerifySignature_EcdsaCrlRsaIssuer_ReturnsReason()
    {
        X509Certificate2 ecRoot = CrlTestCa.CreateRoot("CN=CRL Mixed", "P256");
        CertificateRevocationList crl = CertificateRevocationList.Decode(CrlTestCa.BuildCrl(ecRoot, []));

        Assert.Contains("signed with ECDSA", crl.VerifySignature(RsaRoot));
    }

    [Fact]
    public void VerifySignature_TamperedEntry_ReturnsReason()
    {
        byte[] der = CrlTestCa.BuildCrl(RsaRoot, [(Leaf, CrlTestCa.Now, X509RevocationReason.KeyCompromise)]);
        byte[] serial = Convert.FromHexString(Leaf.SerialNumber);
        int at = der.AsSpan().IndexOf(serial);
        der[at + serial.Length - 1] ^= 0x01;

        Assert.NotNull(CertificateRevocationList.Decode(der).VerifySignature(RsaRoot));
    }

    // Serial numbers

    [Theory]
    [InlineData("00:1a:2b", "1A2B")]
    [InlineData("1a 2b", "1A2B")]
    [InlineData("00FF", "FF")]
    [InlineData("0000FF", "FF")]
    [InlineData("0080AB01", "80AB01")]
    [InlineData("80ab01", "80AB01")]
    [InlineData("00", "00")]
    [InlineData("ABC", "0ABC")]
    public void NormalizeSerialNumber_Variants_Canonical(string input, string expected)
    {
        Assert.Equal(expected, RevokedCertificateEntry.NormalizeSerialNumber(input));
    }
}
