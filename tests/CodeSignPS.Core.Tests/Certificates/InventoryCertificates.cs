using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Tests.Certificates;

/// <summary>Mints the certificates the inventory and fitness tests judge, each with its private key.</summary>
internal static class InventoryCertificates
{
    public const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    public static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Mints a self-signed certificate; <paramref name="ekus"/> null leaves out the EKU extension.</summary>
    public static X509Certificate2 Create(
        string subject = "CN=Inventory Test",
        int rsaBits = 3072,
        ECCurve? curve = null,
        string[]? ekus = null,
        bool omitEku = false,
        X509KeyUsageFlags? keyUsage = X509KeyUsageFlags.DigitalSignature,
        int notBeforeDays = -10,
        int notAfterDays = 365)
    {
        CertificateRequest request = curve is { } c
            ? new CertificateRequest(subject, ECDsa.Create(c), HashAlgorithmName.SHA256)
            : new CertificateRequest(subject, RSA.Create(rsaBits), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (!omitEku)
        {
            var usages = new OidCollection();
            foreach (string oid in ekus ?? [CodeSigningOid])
            {
                usages.Add(new Oid(oid));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        }

        if (keyUsage is { } flags)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, true));
        }

        return request.CreateSelfSigned(Now.AddDays(notBeforeDays), Now.AddDays(notAfterDays));
    }

    /// <summary>Mints a root CA and a code signing leaf it issued.</summary>
    public static (X509Certificate2 Root, X509Certificate2 Leaf) CreateChain(string rootSubject = "CN=Inventory Test Root")
    {
        using RSA rootKey = RSA.Create(3072);
        var rootRequest = new CertificateRequest(rootSubject, rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        X509Certificate2 root = rootRequest.CreateSelfSigned(Now.AddDays(-30), Now.AddDays(3650));

        RSA leafKey = RSA.Create(3072);
        var leafRequest = new CertificateRequest("CN=Inventory Test Leaf", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(CodeSigningOid) }, false));
        using X509Certificate2 issued = leafRequest.Create(root, Now.AddDays(-10), Now.AddDays(365), [0x01, 0x23, 0x45]);
        return (root, issued.CopyWithPrivateKey(leafKey));
    }

    /// <summary>A CRL signed by <paramref name="issuer"/> that lists <paramref name="revoked"/> (nothing when null), issued a day before <see cref="Now"/> or before nextUpdate.</summary>
    public static byte[] CreateCrl(X509Certificate2 issuer, X509Certificate2? revoked, int nextUpdateDays = 7)
    {
        var builder = new CertificateRevocationListBuilder();
        if (revoked is not null)
        {
            builder.AddEntry(revoked, Now.AddDays(-1), X509RevocationReason.KeyCompromise);
        }

        return builder.Build(issuer, BigInteger.One, Now.AddDays(nextUpdateDays), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, Now.AddDays(Math.Min(-1, nextUpdateDays - 1)));
    }

    /// <summary>A public-only copy of the certificate.</summary>
    public static X509Certificate2 WithoutKey(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);
}
