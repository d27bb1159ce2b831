using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using Xunit;

namespace CodeSignPS.Core.Tests.Trust;

public sealed class CrlIssuerTests : IDisposable
{
    private static readonly X509Certificate2 Ca = CrlTestCa.CreateRoot("CN=CRL Issuer CA, O=CodeSignPS Tests");
    private static readonly X509Certificate2 Leaf = CrlTestCa.Issue(Ca, "CN=CRL Issuer Leaf");
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string CrlPath => Path.Combine(_folder.Path, "ca.crl");

    // Issuing

    [Fact]
    public void Revoke_FirstCall_CreatesCrlNumberOne()
    {
        DateTimeOffset revokedAt = CrlTestCa.Now.AddHours(-2);

        CertificateRevocationList written = CrlIssuer.Open(Ca, CrlPath).Revoke(Leaf.SerialNumber, X509RevocationReason.KeyCompromise, revokedAt, Week, CrlTestCa.Now);

        CertificateRevocationList onDisk = CrlFileLoader.LoadFile(CrlPath);
        Assert.Equal(written.RawData.ToArray(), onDisk.RawData.ToArray());
        Assert.Equal(1, (int)onDisk.CrlNumber!.Value);
        Assert.Equal(CrlTestCa.Now, onDisk.ThisUpdate);
        Assert.Equal(CrlTestCa.Now + Week, onDisk.NextUpdate);
        Assert.Null(onDisk.VerifySignature(Ca));
        RevokedCertificateEntry entry = Assert.Single(onDisk.Entries);
        Assert.Equal((Leaf.SerialNumber, revokedAt, X509RevocationReason.KeyCompromise), (entry.SerialNumber, entry.RevocationDate, entry.Reason));
    }

    [Fact]
    public void Revoke_SecondCall_KeepsEntriesAndIncrementsNumber()
    {
        CrlIssuer.Open(Ca, CrlPath).Revoke(Leaf.SerialNumber, X509RevocationReason.Superseded, CrlTestCa.Now, Week, CrlTestCa.Now);

        CrlIssuer.Open(Ca, CrlPath).Revoke("01:23:45", null, CrlTestCa.Now, Week, CrlTestCa.Now.AddMinutes(1));

        CertificateRevocationList crl = CrlFileLoader.LoadFile(CrlPath);
        Assert.Equal(2, (int)crl.CrlNumber!.Value);
        Assert.Equal([Leaf.SerialNumber, "012345"], crl.Entries.Select(entry => entry.SerialNumber).Order().Reverse().ToArray());
        Assert.Equal(X509RevocationReason.Superseded, crl.FindEntry(Leaf)!.Reason);
    }

    [Fact]
    public void Revoke_PemFile_StaysPem()
    {
        string pemPath = Path.Combine(_folder.Path, "ca.crl.pem");
        CrlIssuer.Open(Ca, pemPath).Revoke("0A", null, CrlTestCa.Now, Week);
        CrlIssuer.Open(Ca, pemPath).Revoke("0B", null, CrlTestCa.Now, Week);

        Assert.StartsWith("-----BEGIN X509 CRL-----", File.ReadAllText(pemPath));
        Assert.Equal(2, CrlFileLoader.LoadFile(pemPath).Entries.Count);
    }

    [Theory]
    [InlineData(X509RevocationReason.Unspecified)]
    [InlineData(X509RevocationReason.KeyCompromise)]
    [InlineData(X509RevocationReason.CACompromise)]
    [InlineData(X509RevocationReason.AffiliationChanged)]
    [InlineData(X509RevocationReason.Superseded)]
    [InlineData(X509RevocationReason.CessationOfOperation)]
    [InlineData(X509RevocationReason.PrivilegeWithdrawn)]
    public void Revoke_Reason_RoundTrips(X509RevocationReason reason)
    {
        CertificateRevocationList crl = CrlIssuer.Open(Ca, CrlPath).Revoke("7F", reason, CrlTestCa.Now, Week);

        Assert.Equal(reason, Assert.Single(crl.Entries).Reason);
    }

    [Fact]
    public void Revoke_EcdsaP384Ca_SignsWithSha384()
    {
        X509Certificate2 ecCa = CrlTestCa.CreateRoot("CN=CRL Issuer P-384 CA", "P384");

        CertificateRevocationList crl = CrlIssuer.Open(ecCa, CrlPath).Revoke("01", null, CrlTestCa.Now, Week);

        Assert.Equal("1.2.840.10045.4.3.3", crl.SignatureAlgorithmOid);
        Assert.Null(crl.VerifySignature(ecCa));
    }

    // Rejected input changes nothing

    [Fact]
    public void Revoke_SameSerialTwice_ThrowsAndLeavesCrl()
    {
        CrlIssuer.Open(Ca, CrlPath).Revoke(Leaf.SerialNumber, X509RevocationReason.Superseded, CrlTestCa.Now, Week);
        byte[] before = File.ReadAllBytes(CrlPath);

        var error = Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, CrlPath).Revoke("00" + Leaf.SerialNumber.ToLowerInvariant(), X509RevocationReason.KeyCompromise, CrlTestCa.Now, Week));

        Assert.Equal("CertificateAlreadyRevoked", error.ErrorId);
        Assert.Equal(before, File.ReadAllBytes(CrlPath));
    }

    [Fact]
    public void Revoke_SerialWithTopBitSet_WritesPositiveSerial()
    {
        CertificateRevocationList crl = CrlIssuer.Open(Ca, CrlPath).Revoke("80AB01", X509RevocationReason.KeyCompromise, CrlTestCa.Now, Week);

        Assert.Equal("80AB01", Assert.Single(crl.Entries).SerialNumber);
        Assert.Equal("80AB01", Assert.Single(CertificateRevocationList.Decode(File.ReadAllBytes(CrlPath)).Entries).SerialNumber);
        Assert.Contains("00 80 AB 01", Convert.ToHexString(File.ReadAllBytes(CrlPath)).Chunk(2).Select(pair => new string(pair)).Aggregate((a, b) => a + " " + b), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CaWithoutPrivateKey_ThrowsAndWritesNothing()
    {
        var error = Assert.Throws<CodeSignException>(() => CrlIssuer.Open(CrlTestCa.PublicOnly(Ca), CrlPath));

        Assert.Equal("IssuerPrivateKeyMissing", error.ErrorId);
        Assert.False(File.Exists(CrlPath));
    }

    [Fact]
    public void Open_LeafCertificate_ThrowsNotCertificateAuthority()
    {
        var error = Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Leaf, CrlPath));

        Assert.Equal("IssuerNotCertificateAuthority", error.ErrorId);
    }

    [Fact]
    public void Open_CrlOfAnotherCa_ThrowsMismatch()
    {
        X509Certificate2 other = CrlTestCa.CreateRoot("CN=CRL Issuer Other CA");
        CrlIssuer.Open(other, CrlPath).Revoke("01", null, CrlTestCa.Now, Week);

        Assert.Equal("CrlIssuerMismatch", Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, CrlPath)).ErrorId);
    }

    [Fact]
    public void Open_CrlOfSameNameOtherKey_ThrowsMismatch()
    {
        X509Certificate2 impostor = CrlTestCa.CreateRoot(Ca.Subject);
        CrlIssuer.Open(impostor, CrlPath).Revoke("01", null, CrlTestCa.Now, Week);

        Assert.Equal("CrlIssuerMismatch", Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, CrlPath)).ErrorId);
    }

    [Fact]
    public void Open_FileNotACrl_ThrowsUnreadable()
    {
        File.WriteAllText(CrlPath, "not a CRL");

        Assert.Equal("CrlUnreadable", Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, CrlPath)).ErrorId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("XYZ")]
    [InlineData("12G4")]
    public void Revoke_SerialNotHex_ThrowsAndWritesNothing(string serial)
    {
        var error = Assert.Throws<CodeSignException>(() => CrlIssuer.Open(Ca, CrlPath).Revoke(serial, null, CrlTestCa.Now, Week));

        Assert.Equal("SerialNumberInvalid", error.ErrorId);
        Assert.False(File.Exists(CrlPath));
    }
}
