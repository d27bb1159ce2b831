using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Verification;

/// <summary>What the verifier needs to know about a signer's public key, worked out once per certificate.</summary>
/// <param name="Description">Short form for messages, such as "RSA-3072".</param>
/// <param name="Weakness">Why the key is too weak, or null.</param>
/// <param name="PublicKey">The imported RSA or ECDsa public key, shared by every check of this signer; null for other algorithms.</param>
internal sealed record SignerKeyFacts(string Description, string? Weakness, AsymmetricAlgorithm? PublicKey)
{
    public const int MinimumRsaBits = 2048;
    public const int MinimumEcBits = 256;

    public static SignerKeyFacts Of(X509Certificate2 certificate)
    {
        RSA? rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            string? weakness = rsa.KeySize < MinimumRsaBits
                ? $"The signer '{certificate.Subject}' has a {rsa.KeySize}-bit RSA key; at least {MinimumRsaBits} bits are required."
                : null;
            return new SignerKeyFacts($"RSA-{rsa.KeySize}", weakness, rsa);
        }

        ECDsa? ec = certificate.GetECDsaPublicKey();
        if (ec is not null)
        {
            string? weakness = ec.KeySize < MinimumEcBits
                ? $"The signer '{certificate.Subject}' has a {ec.KeySize}-bit EC key; at least {MinimumEcBits} bits are required."
                : null;
            return new SignerKeyFacts($"EC-{ec.KeySize}", weakness, ec);
        }

        string algorithm = certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown";
        return new SignerKeyFacts(algorithm, $"The signer '{certificate.Subject}' has a {algorithm} key; only RSA and ECDSA keys are accepted.", null);
    }
}

/// <summary>Key facts per certificate for one verifier; a batch signed by one key imports it once.</summary>
internal sealed class SignerKeyFactsCache
{
    private const int MaximumEntries = 10_000;

    private readonly ConcurrentDictionary<string, SignerKeyFacts> _facts = new(StringComparer.Ordinal);

    public SignerKeyFacts Get(X509Certificate2 certificate)
    {
        string key = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        if (_facts.TryGetValue(key, out SignerKeyFacts? facts))
        {
            return facts;
        }

        if (_facts.Count >= MaximumEntries)
        {
            _facts.Clear();
        }

        // Two threads may import the same key at once; one copy wins and the other is dropped.
        return _facts.GetOrAdd(key, _ => SignerKeyFacts.Of(certificate));
    }
}
