using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using CodeSignPS.Core.Authenticode;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// The algorithm floor without a policy: MD5 and SHA-1 digests, RSA keys under 2048 bits and EC keys
/// under 256 bits are weak. Policies set stricter floors.
/// </summary>
internal static class AlgorithmPolicy
{
    /// <summary>Describes the first weakness of the signature, or returns null when there is none.</summary>
    public static string? FindWeakness(HashAlgorithmName contentDigest, SignerInfo signer, SignerKeyFacts keyFacts)
    {
        if (IsWeakDigest(contentDigest))
        {
            return $"The content digest uses {contentDigest.Name}, which is no longer collision resistant; re-sign with SHA256 or stronger.";
        }

        HashAlgorithmName? signerDigest = signer.DigestAlgorithm.Value is { } oid ? AuthenticodeOids.TryGetHashAlgorithm(oid) : null;
        if (signerDigest is { } digest && IsWeakDigest(digest))
        {
            return $"The signer info digests with {digest.Name}, which is no longer collision resistant; re-sign with SHA256 or stronger.";
        }

        return keyFacts.Weakness;
    }

    private static bool IsWeakDigest(HashAlgorithmName name) => name == HashAlgorithmName.MD5 || name == HashAlgorithmName.SHA1;
}
