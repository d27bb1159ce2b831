using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Keys;

/// <summary>Opens the private key attached to a certificate (from a PFX, a store or the caller).</summary>
internal static class CertificatePrivateKey
{
    /// <summary>
    /// Returns a new RSA or ECDsa object for the certificate's private key, which the caller disposes.
    /// <paramref name="missingCategory"/> is the category for a certificate without a private key.
    /// </summary>
    public static AsymmetricAlgorithm Open(
        X509Certificate2 certificate,
        SigningKeyAlgorithm algorithm,
        string origin,
        string target,
        FailureCategory missingCategory)
    {
        string subject = CodeSigningRequirements.Describe(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PrivateKeyMissing,
                missingCategory,
                $"Certificate {subject} {origin} has no private key, so it cannot sign. " +
                "Use a PFX file, a PEM certificate with its key, or a store certificate that has its private key.",
                target);
        }

        AsymmetricAlgorithm? key;
        try
        {
            key = algorithm == SigningKeyAlgorithm.Rsa ? certificate.GetRSAPrivateKey() : certificate.GetECDsaPrivateKey();
        }
        catch (CryptographicException exception)
        {
            throw Unusable(subject, origin, target, exception.Message, exception);
        }

        return key ?? throw Unusable(subject, origin, target, $"no {algorithm} private key was returned", null);
    }

    private static CodeSignException Unusable(string subject, string origin, string target, string reason, Exception? inner) =>
        new(
            SigningKeyErrorIds.PrivateKeyUnusable,
            FailureCategory.InvalidArgument,
            $"The private key of certificate {subject} {origin} cannot be opened for signing: {reason}. " +
            "Check that the key is present and accessible to the current user.",
            target,
            inner);
}
