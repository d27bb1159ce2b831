using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// The algorithm floor without a policy: MD5 and SHA-1 digests, RSA keys under 2048 bits and EC keys
/// under 256 bits are weak. Policies set stricter floors.
/// </summary>
internal static class AlgorithmPolicy
{
    public const int MinimumRsaBits = 2048;
    public const int MinimumEcBits = 256;

    /// <summary>Describes the first weakness of the signature, or returns null when there is none.</summary>
    public static string? FindWeakness(HashAlgorithmName contentDigest, DecodedSignature signature)
    {
        if (IsWeakDigest(contentDigest))
        {
            return $"The content digest uses {contentDigest.Name}, which is no longer collision resistant; re-sign with SHA256 or stronger.";
        }

        HashAlgorithmName? signerDigest = signature.Signer.DigestAlgorithm.Value is { } oid ? AuthenticodeOids.TryGetHashAlgorithm(oid) : null;
        if (signerDigest is { } digest && IsWeakDigest(digest))
        {
            return $"The signer info digests with {digest.Name}, which is no longer collision resistant; re-sign with SHA256 or stronger.";
        }

        return FindKeyWeakness(signature.SignerCertificate);
    }

    private static bool IsWeakDigest(HashAlgorithmName name) => name == HashAlgorithmName.MD5 || name == HashAlgorithmName.SHA1;

    private static string? FindKeyWeakness(X509Certificate2 signer)
    {
        using RSA? rsa = signer.GetRSAPublicKey();
        if (rsa is not null && rsa.KeySize < MinimumRsaBits)
        {
            return $"The signer '{signer.Subject}' has a {rsa.KeySize}-bit RSA key; at least {MinimumRsaBits} bits are required.";
        }

        using ECDsa? ec = signer.GetECDsaPublicKey();
        if (ec is not null && ec.KeySize < MinimumEcBits)
        {
            return $"The signer '{signer.Subject}' has a {ec.KeySize}-bit EC key; at least {MinimumEcBits} bits are required.";
        }

        return null;
    }
}
