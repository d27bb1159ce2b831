using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Tests.Keys;

/// <summary>Mints certificates with private keys in memory, with .NET's CertificateRequest.</summary>
internal static class TestCertificates
{
    public const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";
    public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Self-signed certificate with the given EKUs (code signing by default) and key usage (none when null).</summary>
    public static X509Certificate2 Create(
        KeyKind kind,
        string[]? ekus = null,
        X509KeyUsageFlags? keyUsage = X509KeyUsageFlags.DigitalSignature) =>
        CreateCore(kind, ekus ?? [CodeSigningOid], keyUsage);

    /// <summary>Certificate without an EKU extension at all.</summary>
    public static X509Certificate2 CreateWithoutEku(KeyKind kind) => CreateCore(kind, ekus: null, X509KeyUsageFlags.DigitalSignature);

    /// <summary>A DSA leaf certificate, issued by a throwaway RSA key because CertificateRequest cannot sign with DSA.</summary>
    public static X509Certificate2 CreateDsa()
    {
        using DSA dsa = DSA.Create(2048);
        using RSA issuerKey = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName("CN=CodeSignPS Test DSA"), new PublicKey(dsa), HashAlgorithmName.SHA256);
        AddExtensions(request, [CodeSigningOid], X509KeyUsageFlags.DigitalSignature);
        X509SignatureGenerator generator = X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1);
        using X509Certificate2 publicOnly = request.Create(
            new X500DistinguishedName("CN=CodeSignPS Test DSA Issuer"), generator, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), [1, 2, 3]);
        return publicOnly.CopyWithPrivateKey(dsa);
    }

    /// <summary>A CA certificate and a code signing leaf it issued, both with private keys.</summary>
    public static (X509Certificate2 Authority, X509Certificate2 Leaf) CreateIssuedChain(KeyKind leafKind)
    {
        using RSA authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest($"CN=CodeSignPS Test CA {Guid.NewGuid():N}", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        X509Certificate2 authority = authorityRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(60));

        using X509Certificate2 template = Create(leafKind);
        var leafRequest = new CertificateRequest(template.SubjectName, template.PublicKey, HashAlgorithmName.SHA256);
        AddExtensions(leafRequest, [CodeSigningOid], X509KeyUsageFlags.DigitalSignature);
        X509SignatureGenerator generator = X509SignatureGenerator.CreateForRSA(authorityKey, RSASignaturePadding.Pkcs1);
        using X509Certificate2 leafPublic = leafRequest.Create(
            authority.SubjectName, generator, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), [4, 5, 6]);
        X509Certificate2 leaf = leafKind is KeyKind.Rsa2048 or KeyKind.Rsa3072
            ? leafPublic.CopyWithPrivateKey(template.GetRSAPrivateKey()!)
            : leafPublic.CopyWithPrivateKey(template.GetECDsaPrivateKey()!);
        return (authority, leaf);
    }

    private static X509Certificate2 CreateCore(KeyKind kind, string[]? ekus, X509KeyUsageFlags? keyUsage)
    {
        string subject = $"CN=CodeSignPS Test {kind} {Guid.NewGuid():N}";
        return kind switch
        {
            KeyKind.Rsa2048 or KeyKind.Rsa3072 => CreateRsa(kind == KeyKind.Rsa2048 ? 2048 : 3072, subject, ekus, keyUsage),
            _ => CreateEcdsa(kind == KeyKind.EcdsaP256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384, subject, ekus, keyUsage),
        };
    }

    private static X509Certificate2 CreateRsa(int bits, string subject, string[]? ekus, X509KeyUsageFlags? keyUsage)
    {
        using RSA key = RSA.Create(bits);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddExtensions(request, ekus, keyUsage);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 CreateEcdsa(ECCurve curve, string subject, string[]? ekus, X509KeyUsageFlags? keyUsage)
    {
        using ECDsa key = ECDsa.Create(curve);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddExtensions(request, ekus, keyUsage);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static void AddExtensions(CertificateRequest request, string[]? ekus, X509KeyUsageFlags? keyUsage)
    {
        if (ekus is not null)
        {
            var usages = new OidCollection();
            foreach (string eku in ekus)
            {
                usages.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        }

        if (keyUsage is { } flags)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, true));
        }
    }
}
