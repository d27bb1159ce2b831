using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

/// <summary>Key generation and the signature settings that go with each key kind.</summary>
internal static class CertificateKeys
{
    public static AsymmetricAlgorithm Generate(CertificateKeyAlgorithm algorithm) => algorithm switch
    {
        CertificateKeyAlgorithm.Rsa3072 => RSA.Create(3072),
        CertificateKeyAlgorithm.Rsa4096 => RSA.Create(4096),
        CertificateKeyAlgorithm.ECDsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        CertificateKeyAlgorithm.ECDsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown key algorithm."),
    };

    /// <summary>The algorithm of a certificate's key, rounded up to the sizes this module generates.</summary>
    public static CertificateKeyAlgorithm AlgorithmOf(X509Certificate2 certificate)
    {
        using RSA? rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.KeySize > 3072 ? CertificateKeyAlgorithm.Rsa4096 : CertificateKeyAlgorithm.Rsa3072;
        }

        using ECDsa? ecdsa = certificate.GetECDsaPublicKey();
        return ecdsa is not null && ecdsa.KeySize > 256 ? CertificateKeyAlgorithm.ECDsaP384 : CertificateKeyAlgorithm.ECDsaP256;
    }

    /// <summary>SHA-384 for P-384 keys, whose strength SHA-256 would lower; SHA-256 otherwise.</summary>
    public static HashAlgorithmName HashFor(AsymmetricAlgorithm key) =>
        key is ECDsa && key.KeySize > 256 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    public static CertificateRequest NewRequest(X500DistinguishedName subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashFor(key), RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashFor(key)),
        _ => throw new ArgumentException("Only RSA and ECDSA keys are supported.", nameof(key)),
    };

    public static X509SignatureGenerator SignatureGenerator(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
        _ => throw new ArgumentException("Only RSA and ECDSA keys are supported.", nameof(key)),
    };

    public static X509Certificate2 Attach(X509Certificate2 certificate, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => certificate.CopyWithPrivateKey(rsa),
        ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
        _ => throw new ArgumentException("Only RSA and ECDSA keys are supported.", nameof(key)),
    };

    public static string Describe(CertificateKeyAlgorithm algorithm) => algorithm switch
    {
        CertificateKeyAlgorithm.Rsa3072 => "RSA 3072",
        CertificateKeyAlgorithm.Rsa4096 => "RSA 4096",
        CertificateKeyAlgorithm.ECDsaP256 => "ECDSA P-256",
        _ => "ECDSA P-384",
    };
}
