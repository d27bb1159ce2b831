using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using CodeSignPS.Core.Authenticode;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Applies <see cref="AlgorithmFloors"/> to a signature: its content digest, its signer info digest,
/// and its signer key. Without a policy the floors are <see cref="AlgorithmFloors.Default"/>.
/// </summary>
internal static class AlgorithmPolicy
{
    /// <summary>Describes the first weakness of the signature under <paramref name="floors"/>, or returns null when there is none.</summary>
    public static string? FindWeakness(HashAlgorithmName contentDigest, SignerInfo signer, SignerKeyFacts keyFacts, AlgorithmFloors floors)
    {
        if (floors.RejectedDigests.Contains(contentDigest))
        {
            return $"The content digest uses {contentDigest.Name}, which is no longer collision resistant; re-sign with SHA256 or stronger.";
        }

        HashAlgorithmName? signerDigest = signer.DigestAlgorithm.Value is { } oid ? AuthenticodeOids.TryGetHashAlgorithm(oid) : null;
        if (signerDigest is { } digest && floors.RejectedDigests.Contains(digest))
        {
            return $"The signer info digests with {digest.Name}, which is no longer collision resistant; re-sign with SHA256 or stronger.";
        }

        return FindKeyWeakness(signer, keyFacts, floors);
    }

    private static string? FindKeyWeakness(SignerInfo signer, SignerKeyFacts keyFacts, AlgorithmFloors floors)
    {
        // The cached facts judge the key against the default floor; other floors are applied to its size here.
        if (floors == AlgorithmFloors.Default || keyFacts.PublicKey is null)
        {
            return keyFacts.Weakness;
        }

        (string kind, int minimum) = keyFacts.PublicKey is RSA ? ("RSA", floors.MinRsaBits) : ("EC", floors.MinEcBits);
        int bits = keyFacts.PublicKey.KeySize;
        string who = signer.Certificate is { } certificate ? $"The signer '{certificate.Subject}'" : "The signer";
        return bits < minimum ? $"{who} has a {bits}-bit {kind} key; at least {minimum} bits are required." : null;
    }
}
