using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Proves a private key usable by signing random data with it and verifying that signature with
/// the certificate's public key. The HasPrivateKey flag alone cannot reveal a key that a token rejects,
/// or a PEM key that belongs to another certificate.
/// </summary>
internal static class PrivateKeyProbe
{
    private const int ProbeBytes = 32;

    /// <summary>Returns why the key cannot sign for this certificate, or null when the test signature verifies.</summary>
    public static CertificateFitnessReason? Run(X509Certificate2 certificate, AsymmetricAlgorithm? separateKey)
    {
        string name = CodeSigningRequirements.Describe(certificate);
        if (separateKey is null && !certificate.HasPrivateKey)
        {
            return new CertificateFitnessReason(
                CertificateFitnessReasonIds.PrivateKeyMissing,
                $"Certificate {name} comes without its private key, so it cannot sign. Give the PFX, the PEM key, or the store entry that holds the key.");
        }

        byte[] data = RandomNumberGenerator.GetBytes(ProbeBytes);
        try
        {
            return SignAndVerify(certificate, separateKey, data)
                ? null
                : new CertificateFitnessReason(
                    CertificateFitnessReasonIds.PrivateKeyMismatch,
                    $"A test signature by the private key does not verify with the public key of certificate {name}: the key belongs to another certificate. Give the key that was generated with this certificate.");
        }
        catch (CryptographicException exception)
        {
            return new CertificateFitnessReason(
                CertificateFitnessReasonIds.PrivateKeyUnusable,
                $"The private key of certificate {name} cannot make a test signature: {exception.Message} Check that the key is exportable or its token is present.");
        }
    }

    private static bool SignAndVerify(X509Certificate2 certificate, AsymmetricAlgorithm? separateKey, byte[] data)
    {
        HashAlgorithmName hash = HashAlgorithmName.SHA256;
        using RSA? rsaPublic = certificate.GetRSAPublicKey();
        if (rsaPublic is not null)
        {
            RSA? rsa = separateKey is null ? certificate.GetRSAPrivateKey() : separateKey as RSA;
            if (rsa is null)
            {
                return false;
            }

            try
            {
                byte[] signature = rsa.SignData(data, hash, RSASignaturePadding.Pkcs1);
                return rsaPublic.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
            }
            finally
            {
                DisposeOwned(rsa, separateKey);
            }
        }

        using ECDsa ecPublic = certificate.GetECDsaPublicKey()!;
        ECDsa? ec = separateKey is null ? certificate.GetECDsaPrivateKey() : separateKey as ECDsa;
        if (ec is null)
        {
            return false;
        }

        try
        {
            byte[] signature = ec.SignData(data, hash);
            return ecPublic.VerifyData(data, signature, hash);
        }
        finally
        {
            DisposeOwned(ec, separateKey);
        }
    }

    // A key object the certificate handed out is ours to dispose; one the caller passed in is not.
    private static void DisposeOwned(AsymmetricAlgorithm key, AsymmetricAlgorithm? separateKey)
    {
        if (!ReferenceEquals(key, separateKey))
        {
            key.Dispose();
        }
    }
}
