using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Tests.Trust;

/// <summary>A throwaway CA hierarchy for CRL tests: root, optional intermediate, code signing leaf.</summary>
internal static class CrlTestCa
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Creates a self-signed CA with its private key: RSA 3072 or ECDSA P-256/P-384.</summary>
    public static X509Certificate2 CreateRoot(string subject, string algorithm = "RSA")
    {
        using AsymmetricAlgorithm key = CreateKey(algorithm);
        CertificateRequest request = Request(subject, key, isCertificateAuthority: true);
        return request.CreateSelfSigned(Now.AddYears(-5), Now.AddYears(5));
    }

    /// <summary>Issues a certificate with its private key from <paramref name="issuer"/>.</summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, string subject, bool isCertificateAuthority = false, string algorithm = "RSA")
    {
        using AsymmetricAlgorithm key = CreateKey(algorithm);
        CertificateRequest request = Request(subject, key, isCertificateAuthority);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        using X509Certificate2 issued = request.Create(issuer, Now.AddYears(-1), Now.AddYears(1), serial);
        return key switch
        {
            RSA rsa => issued.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => issued.CopyWithPrivateKey(ecdsa),
            _ => throw new ArgumentException(algorithm),
        };
    }

    /// <summary>Builds a CRL of <paramref name="issuer"/> listing <paramref name="entries"/>.</summary>
    public static byte[] BuildCrl(
        X509Certificate2 issuer,
        IEnumerable<(X509Certificate2 Certificate, DateTimeOffset Time, X509RevocationReason? Reason)> entries,
        DateTimeOffset? thisUpdate = null,
        DateTimeOffset? nextUpdate = null,
        RSASignaturePadding? padding = null)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var entry in entries)
        {
            builder.AddEntry(entry.Certificate, entry.Time, entry.Reason);
        }

        DateTimeOffset issued = thisUpdate ?? Now.AddDays(-1);
        bool isRsa = issuer.GetRSAPublicKey() is not null;
        return builder.Build(issuer, BigInteger.One, nextUpdate ?? issued.AddDays(7), HashAlgorithmName.SHA256, isRsa ? padding ?? RSASignaturePadding.Pkcs1 : null, issued);
    }

    public static X509Certificate2 PublicOnly(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    private static AsymmetricAlgorithm CreateKey(string algorithm) => algorithm switch
    {
        "RSA" => RSA.Create(3072),
        "P256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "P384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        _ => throw new ArgumentException(algorithm),
    };

    private static CertificateRequest Request(string subject, AsymmetricAlgorithm key, bool isCertificateAuthority)
    {
        CertificateRequest request = key is RSA rsa
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCertificateAuthority, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            isCertificateAuthority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (!isCertificateAuthority)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        }

        return request;
    }
}
