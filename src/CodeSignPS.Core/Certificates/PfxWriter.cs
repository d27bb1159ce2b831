using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

/// <summary>Encodes a certificate and its private key as a PKCS#12 (PFX) file (RFC 7292).</summary>
internal static class PfxWriter
{
    // Counts that OpenSSL 3 uses as a minimum for new files and that .NET's PFX loader accepts within
    // its default work limits.
    private const int KeyIterations = 100_000;
    private const int LegacyIterations = 2048;

    /// <summary>
    /// Returns the PFX bytes, which the caller zeroes. With a password: AES-256-CBC and PBKDF2-SHA256
    /// and a SHA-256 MAC, or with <paramref name="legacy"/> 3DES and a SHA-1 MAC. Without one, no
    /// encryption and no MAC at all.
    /// </summary>
    /// <param name="chain">CA certificates written after the certificate, without a key of their own.</param>
    public static byte[] Encode(
        X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, AsymmetricAlgorithm? key, ReadOnlySpan<char> password, bool hasPassword, bool legacy)
    {
        PbeParameters pbe = legacy
            ? new PbeParameters(PbeEncryptionAlgorithm.TripleDes3KeyPkcs12, HashAlgorithmName.SHA1, LegacyIterations)
            : new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, KeyIterations);

        // The local key id ties the key bag to its certificate bag, so readers pair them.
        var localKeyId = new Pkcs9LocalKeyId(certificate.GetCertHash(HashAlgorithmName.SHA256));
        var certificates = new Pkcs12SafeContents();
        using X509Certificate2 publicOnly = new(certificate.RawData);
        certificates.AddCertificate(publicOnly).Attributes.Add(localKeyId);
        foreach (X509Certificate2 authority in chain)
        {
            certificates.AddCertificate(authority);
        }

        var builder = new Pkcs12Builder();
        if (key is not null)
        {
            var keys = new Pkcs12SafeContents();
            Pkcs12SafeBag keyBag = hasPassword ? keys.AddShroudedKey(key, password, pbe) : keys.AddKeyUnencrypted(key);
            keyBag.Attributes.Add(localKeyId);
            builder.AddSafeContentsUnencrypted(keys);
        }

        if (hasPassword)
        {
            builder.AddSafeContentsEncrypted(certificates, password, pbe);
            builder.SealWithMac(password, legacy ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256, legacy ? LegacyIterations : KeyIterations);
        }
        else
        {
            builder.AddSafeContentsUnencrypted(certificates);
            builder.SealWithoutIntegrity();
        }

        return builder.Encode();
    }
}
