using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Keys;

/// <summary>Opens a signing key from a PEM certificate file and a PEM private key file.</summary>
internal static class PemKeyLoader
{
    public static SigningKey Load(string certificatePath, string keyPath, SecureString? password)
    {
        List<X509Certificate2> certificates = PemCertificateReader.ReadAll(certificatePath);
        AsymmetricAlgorithm? key = null;
        try
        {
            // The signer is chosen and checked before the key file is read, so that an unfit
            // certificate fails before a password is used.
            X509Certificate2 signer = PemCertificateReader.Leaf(certificates);
            SigningKeyAlgorithm algorithm = CodeSigningRequirements.Check(signer, $"from '{certificatePath}'", certificatePath);

            using (var buffer = new PasswordBuffer(password))
            {
                key = PemPrivateKeyReader.Read(keyPath, buffer);
            }

            CheckKeyMatches(signer, algorithm, key, certificatePath, keyPath);
            X509Certificate2[] additional = certificates.Where(certificate => !ReferenceEquals(certificate, signer)).ToArray();
            return new LocalSigningKey(signer, ownsCertificate: true, key, $"PEM key '{keyPath}'", additional);
        }
        catch
        {
            key?.Dispose();
            certificates.ForEach(certificate => certificate.Dispose());
            throw;
        }
    }

    /// <summary>
    /// The certificate whose public key is the key's, wherever it stands in the file: a CA's answer
    /// often lists the CA before the certificate it issued. Without a match, the first certificate,
    /// so that the mismatch is reported against it.
    /// </summary>
    internal static X509Certificate2 SelectFor(IReadOnlyList<X509Certificate2> certificates, AsymmetricAlgorithm key)
    {
        byte[] publicKey = key.ExportSubjectPublicKeyInfo();
        return certificates.FirstOrDefault(certificate => PublicKeyOf(certificate).AsSpan().SequenceEqual(publicKey))
            ?? certificates[0];
    }

    internal static void CheckKeyMatches(
        X509Certificate2 certificate,
        SigningKeyAlgorithm algorithm,
        AsymmetricAlgorithm key,
        string certificatePath,
        string keyPath)
    {
        // Both sides are exported by .NET, so equal keys give equal SubjectPublicKeyInfo bytes
        // whatever encoding the files used.
        byte[]? expected = algorithm == SigningKeyAlgorithm.Rsa
            ? ExportPublicKey(certificate.GetRSAPublicKey())
            : ExportPublicKey(certificate.GetECDsaPublicKey());
        byte[] found = key.ExportSubjectPublicKeyInfo();
        if (expected is not null && expected.AsSpan().SequenceEqual(found))
        {
            return;
        }

        string keyKind = key is RSA ? "RSA" : "ECDSA";
        throw new CodeSignException(
            SigningKeyErrorIds.PrivateKeyMismatch,
            FailureCategory.InvalidData,
            $"The private key in '{keyPath}' ({keyKind}, {key.KeySize} bits) does not belong to the certificate " +
            $"{CodeSigningRequirements.Describe(certificate)} in '{certificatePath}' ({algorithm}). Give the key that was " +
            "generated with this certificate.",
            keyPath);
    }

    private static byte[]? PublicKeyOf(X509Certificate2 certificate) =>
        ExportPublicKey((AsymmetricAlgorithm?)certificate.GetRSAPublicKey() ?? certificate.GetECDsaPublicKey());

    private static byte[]? ExportPublicKey(AsymmetricAlgorithm? publicKey)
    {
        using (publicKey)
        {
            return publicKey?.ExportSubjectPublicKeyInfo();
        }
    }
}
