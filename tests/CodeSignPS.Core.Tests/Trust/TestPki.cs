using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Tests.Trust;

/// <summary>Mints throwaway certificates in memory for trust tests.</summary>
internal static class TestPki
{
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string AnyExtendedKeyUsage = "2.5.29.37.0";

    /// <summary>A time at which every certificate of <see cref="Hierarchy.Create"/> is valid.</summary>
    public static readonly DateTime ValidTime = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static readonly DateTimeOffset RootNotBefore = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset RootNotAfter = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LeafNotBefore = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LeafNotAfter = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Creates a self-signed certificate with its private key; a CA unless <paramref name="extendedKeyUsages"/> makes it a leaf.</summary>
    public static X509Certificate2 CreateSelfSigned(
        string subject,
        bool isCertificateAuthority = true,
        string[]? extendedKeyUsages = null,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddExtensions(request, isCertificateAuthority, extendedKeyUsages, Array.Empty<X509Extension>());
        return request.CreateSelfSigned(notBefore ?? RootNotBefore, notAfter ?? RootNotAfter);
    }

    /// <summary>Issues a certificate from <paramref name="issuer"/> (which must hold its private key) and returns it with its own private key.</summary>
    public static X509Certificate2 Issue(
        X509Certificate2 issuer,
        string subject,
        bool isCertificateAuthority,
        string[]? extendedKeyUsages,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        params X509Extension[] extraExtensions)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddExtensions(request, isCertificateAuthority, extendedKeyUsages, extraExtensions);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));

        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        // The generator overload, unlike Create(issuer, ...), lets a test issue past the issuer's expiry.
        using ECDsa issuerKey = issuer.GetECDsaPrivateKey() ?? throw new ArgumentException("The issuer has no ECDSA private key.", nameof(issuer));
        X509SignatureGenerator generator = X509SignatureGenerator.CreateForECDsa(issuerKey);
        using X509Certificate2 issued = request.Create(issuer.SubjectName, generator, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Returns a collection of the certificates without their private keys, as a signature or PEM bundle would carry them.</summary>
    public static X509Certificate2Collection PublicOnly(params X509Certificate2[] certificates)
    {
        var collection = new X509Certificate2Collection();
        foreach (X509Certificate2 certificate in certificates)
        {
            collection.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
        }

        return collection;
    }

    private static void AddExtensions(CertificateRequest request, bool isCertificateAuthority, string[]? extendedKeyUsages, X509Extension[] extraExtensions)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCertificateAuthority, false, 0, isCertificateAuthority));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            isCertificateAuthority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature,
            true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        if (extendedKeyUsages is not null)
        {
            var oids = new OidCollection();
            foreach (string oid in extendedKeyUsages)
            {
                oids.Add(new Oid(oid));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        foreach (X509Extension extension in extraExtensions)
        {
            request.CertificateExtensions.Add(extension);
        }
    }
}
