using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Trust;
using static CodeSignPS.Core.Tests.Certificates.InventoryCertificates;

namespace CodeSignPS.Core.Tests.Certificates;

public class InventoryStatusTests
{
    private static readonly CertificateInventoryOptions Options = new() { Now = InventoryCertificates.Now };

    public static TheoryData<string, CertificateStatus> StatusCases() => new()
    {
        { "valid", CertificateStatus.Valid },
        { "expiring in 29 days", CertificateStatus.ExpiringSoon },
        { "expiring in exactly 30 days", CertificateStatus.ExpiringSoon },
        { "expired yesterday", CertificateStatus.Expired },
        { "valid from tomorrow", CertificateStatus.NotYetValid },
        { "server authentication EKU", CertificateStatus.NotForCodeSigning },
        { "no EKU extension", CertificateStatus.NotForCodeSigning },
        { "key usage without digitalSignature", CertificateStatus.NotForCodeSigning },
        { "no private key", CertificateStatus.NoPrivateKey },
        { "expired and not for code signing", CertificateStatus.Expired },
        { "no private key and expiring", CertificateStatus.NoPrivateKey },
    };

    private static X509Certificate2 Mint(string name) => name switch
    {
        "valid" => Create(),
        "expiring in 29 days" => Create(notAfterDays: 29),
        "expiring in exactly 30 days" => Create(notAfterDays: 30),
        "expired yesterday" => Create(notAfterDays: -1),
        "valid from tomorrow" => Create(notBeforeDays: 1),
        "server authentication EKU" => Create(ekus: [ServerAuthOid]),
        "no EKU extension" => Create(omitEku: true),
        "key usage without digitalSignature" => Create(keyUsage: X509KeyUsageFlags.KeyEncipherment),
        "no private key" => WithoutKey(Create()),
        "expired and not for code signing" => Create(omitEku: true, notAfterDays: -1),
        "no private key and expiring" => WithoutKey(Create(notAfterDays: 5)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such case."),
    };

    // ---- One status per case, and the precedence between them ----

    [Theory]
    [MemberData(nameof(StatusCases))]
    public void Describe_Case_HasStatus(string name, CertificateStatus expected)
    {
        using X509Certificate2 certificate = Mint(name);

        CertificateInventoryItem item = CertificateInventory.Describe(certificate, "test", Options);

        Assert.Equal(expected, item.Status);
        Assert.Equal(expected == CertificateStatus.Valid, item.StatusMessage.Length == 0);
    }

    // ---- Fields ----

    [Theory]
    [InlineData(3072, 0, "RSA", 3072)]
    [InlineData(0, 256, "ECDSA", 256)]
    [InlineData(0, 384, "ECDSA", 384)]
    public void Describe_KeyKind_ReportsAlgorithmAndSize(int rsaBits, int ecBits, string algorithm, int size)
    {
        ECCurve? curve = ecBits switch
        {
            256 => ECCurve.NamedCurves.nistP256,
            384 => ECCurve.NamedCurves.nistP384,
            _ => null,
        };
        using X509Certificate2 certificate = Create(rsaBits: rsaBits == 0 ? 3072 : rsaBits, curve: curve);

        CertificateInventoryItem item = CertificateInventory.Describe(certificate, "test", Options);

        Assert.Equal(algorithm, item.KeyAlgorithm);
        Assert.Equal(size, item.KeySize);
    }

    [Theory]
    [InlineData(365, 365)]
    [InlineData(-1, -1)]
    [InlineData(0, 0)]
    public void Describe_NotAfter_DaysLeftRoundedDown(int notAfterDays, int daysLeft)
    {
        using X509Certificate2 certificate = Create(notAfterDays: notAfterDays);

        CertificateInventoryItem item = CertificateInventory.Describe(certificate, "test", Options);

        Assert.Equal(daysLeft, item.DaysLeft);
        Assert.Equal(DateTimeKind.Utc, item.NotAfter.Kind);
    }

    [Fact]
    public void Describe_ThresholdRaised_LaterCertificateExpiringSoon()
    {
        using X509Certificate2 certificate = Create(notAfterDays: 90);
        var options = new CertificateInventoryOptions { Now = InventoryCertificates.Now, ExpiringSoonDays = 120 };

        Assert.Equal(CertificateStatus.ExpiringSoon, CertificateInventory.Describe(certificate, "test", options).Status);
        Assert.Equal(CertificateStatus.Valid, CertificateInventory.Describe(certificate, "test", Options).Status);
    }

    [Theory]
    [InlineData(10, 30, true)]
    [InlineData(-5, 30, true)]
    [InlineData(31, 30, false)]
    public void IsExpiringWithin_Days_FiltersExpiredAndSoon(int notAfterDays, int window, bool expected)
    {
        using X509Certificate2 certificate = Create(notAfterDays: notAfterDays);
        CertificateInventoryItem item = CertificateInventory.Describe(certificate, "test", Options);

        Assert.Equal(expected, CertificateInventory.IsExpiringWithin(item, window, InventoryCertificates.Now));
    }

    [Fact]
    public void Describe_TrustStoreGiven_FillsLevelAndTrust()
    {
        (X509Certificate2 root, X509Certificate2 leaf) = CreateChain();
        using X509Certificate2 selfSigned = Create();
        var options = new CertificateInventoryOptions
        {
            Now = InventoryCertificates.Now,
            ChainValidator = new ChainValidator([new TrustStore("roots", new X509Certificate2Collection(root))], useSystemTrust: false),
        };

        CertificateInventoryItem issued = CertificateInventory.Describe(leaf, "test", options);
        CertificateInventoryItem stranger = CertificateInventory.Describe(selfSigned, "test", options);

        Assert.True(issued.IsTrusted);
        Assert.Equal(ValidationLevel.Unknown, issued.ValidationLevel);
        Assert.False(stranger.IsTrusted);
        Assert.Equal(ValidationLevel.SelfSigned, stranger.ValidationLevel);
        Assert.Null(CertificateInventory.Describe(leaf, "test", Options).ValidationLevel);
    }
}
