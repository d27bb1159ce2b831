using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Trust;
using static CodeSignPS.Core.Tests.Certificates.InventoryCertificates;

namespace CodeSignPS.Core.Tests.Certificates;

public sealed class InventoryRevocationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("inventory-crl-").FullName;
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _leaf;

    public InventoryRevocationTests() => (_root, _leaf) = CreateChain();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // ---- CRLs that decide ----

    [Fact]
    public void Describe_CrlOfIssuerListsLeaf_Revoked()
    {
        string crl = WriteCrl("root.crl", CreateCrl(_root, _leaf));
        CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load([crl]);

        CertificateInventoryItem item = Describe(_leaf, revocation);

        Assert.Equal(CertificateStatus.Revoked, item.Status);
        Assert.Contains(crl, item.StatusMessage);
        Assert.Equal(RevocationStatus.Revoked, item.Revocation?.Status);
        Assert.Equal(X509RevocationReason.KeyCompromise, item.Revocation?.Entry?.Reason);
        Assert.Empty(revocation.DescribeUnusedCrls());
    }

    [Fact]
    public void Describe_CrlOfIssuerWithoutLeaf_ValidAndGood()
    {
        CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load([WriteCrl("root.crl", CreateCrl(_root, null))]);

        CertificateInventoryItem item = Describe(_leaf, revocation);

        Assert.Equal(CertificateStatus.Valid, item.Status);
        Assert.Equal(RevocationStatus.Good, item.Revocation?.Status);
        Assert.Empty(revocation.DescribeUnusedCrls());
    }

    [Fact]
    public void Describe_SelfSignedListedInOwnCrl_RevokedWithoutTrustStore()
    {
        CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load([WriteCrl("self.crl", CreateCrl(_root, _root))]);

        CertificateInventoryItem item = CertificateInventory.Describe(_root, "test", new CertificateInventoryOptions { Now = InventoryCertificates.Now, Revocation = revocation });

        Assert.Equal(CertificateStatus.Revoked, item.Status);
    }

    // ---- CRLs that cannot decide ----

    [Fact]
    public void Describe_CrlOfForeignCaWithIssuerName_RevocationUnknownAndWarned()
    {
        (X509Certificate2 impostor, _) = CreateChain();
        Assert.Equal(_root.Subject, impostor.Subject);
        string crl = WriteCrl("impostor.crl", CreateCrl(impostor, _leaf));
        CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load([crl]);

        CertificateInventoryItem item = Describe(_leaf, revocation);

        Assert.Equal(CertificateStatus.RevocationUnknown, item.Status);
        Assert.Contains("does not verify", item.StatusMessage);
        string warning = Assert.Single(revocation.DescribeUnusedCrls());
        Assert.Contains(crl, warning);
        Assert.Contains("does not verify with the key of", warning);
    }

    [Fact]
    public void Describe_CrlOfUnrelatedCa_RevocationUnknownAndCoversNone()
    {
        (X509Certificate2 other, _) = CreateChain(rootSubject: "CN=Unrelated CA");
        string crl = WriteCrl("unrelated.crl", CreateCrl(other, null));
        CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load([crl]);

        CertificateInventoryItem item = Describe(_leaf, revocation);

        Assert.Equal(CertificateStatus.RevocationUnknown, item.Status);
        Assert.Contains("no CRL issued by", item.StatusMessage);
        string warning = Assert.Single(revocation.DescribeUnusedCrls());
        Assert.Contains(crl, warning);
        Assert.Contains("covers none of the 1 certificate(s)", warning);
    }

    [Fact]
    public void Describe_IssuerNotFound_RevocationUnknownAndCrlUnverified()
    {
        string crl = WriteCrl("root.crl", CreateCrl(_root, _leaf));
        CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load([crl]);

        CertificateInventoryItem item = CertificateInventory.Describe(_leaf, "test", new CertificateInventoryOptions { Now = InventoryCertificates.Now, Revocation = revocation });

        Assert.Equal(CertificateStatus.RevocationUnknown, item.Status);
        Assert.Contains("-TrustStore", item.StatusMessage);
        string warning = Assert.Single(revocation.DescribeUnusedCrls());
        Assert.Contains(crl, warning);
        Assert.Contains("could not be verified", warning);
    }

    [Fact]
    public void Describe_ExpiredCrlOfIssuer_RevocationUnknown()
    {
        CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load([WriteCrl("stale.crl", CreateCrl(_root, null, nextUpdateDays: -1))]);

        CertificateInventoryItem item = Describe(_leaf, revocation);

        Assert.Equal(CertificateStatus.RevocationUnknown, item.Status);
        Assert.Contains("expired", item.StatusMessage);
    }

    // ---- Precedence ----

    [Fact]
    public void Describe_UnknownAndNoPrivateKey_RevocationUnknownWins()
    {
        CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load([WriteCrl("root.crl", CreateCrl(_root, null, nextUpdateDays: -1))]);

        Assert.Equal(CertificateStatus.RevocationUnknown, Describe(WithoutKey(_leaf), revocation).Status);
    }

    [Fact]
    public void Describe_UnknownAndExpired_ExpiredWins()
    {
        using X509Certificate2 expired = Create(notAfterDays: -1);
        CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load([WriteCrl("root.crl", CreateCrl(_root, null))]);

        CertificateInventoryItem item = CertificateInventory.Describe(expired, "test", new CertificateInventoryOptions { Now = InventoryCertificates.Now, Revocation = revocation });

        Assert.Equal(CertificateStatus.Expired, item.Status);
        Assert.Equal(RevocationStatus.Unknown, item.Revocation?.Status);
    }

    [Fact]
    public void Describe_NoCrlGiven_RevocationNull()
    {
        Assert.Null(Describe(_leaf, null).Revocation);
    }

    // ---- Loading ----

    [Fact]
    public void Load_CrlFileMissing_ThrowsCrlNotFound()
    {
        var exception = Assert.Throws<CodeSignException>(() => CertificateInventoryRevocation.Load([Path.Combine(_folder, "missing.crl")]));

        Assert.Equal("CrlNotFound", exception.ErrorId);
    }

    [Fact]
    public void Load_CrlFileGarbage_ThrowsCrlUnreadable()
    {
        string garbage = WriteCrl("garbage.crl", [0x30, 0x03, 0x02, 0x01]);

        var exception = Assert.Throws<CodeSignException>(() => CertificateInventoryRevocation.Load([garbage]));

        Assert.Equal("CrlUnreadable", exception.ErrorId);
    }

    [Fact]
    public void Load_Folder_ReadsEveryCrl()
    {
        string crls = Directory.CreateDirectory(Path.Combine(_folder, "crls")).FullName;
        File.WriteAllBytes(Path.Combine(crls, "a.crl"), CreateCrl(_root, null));
        File.WriteAllBytes(Path.Combine(crls, "b.crl"), CreateCrl(_root, _leaf));

        CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load([crls]);

        Assert.Equal(2, revocation.CrlCount);
        Assert.Equal(CertificateStatus.Revoked, Describe(_leaf, revocation).Status);
    }

    private CertificateInventoryItem Describe(X509Certificate2 certificate, CertificateInventoryRevocation? revocation)
    {
        var options = new CertificateInventoryOptions
        {
            Now = InventoryCertificates.Now,
            ChainValidator = new ChainValidator([new TrustStore("roots", new X509Certificate2Collection(_root))], useSystemTrust: false),
            Revocation = revocation,
        };
        return CertificateInventory.Describe(certificate, "test", options);
    }

    private string WriteCrl(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
