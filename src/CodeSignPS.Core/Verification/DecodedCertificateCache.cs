using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Certificates decoded from their DER bytes, one instance per distinct encoding for one verifier.
/// Files signed by one certificate carry the same bytes, and decoding a certificate through the
/// platform's library costs more than hashing and checking a small script.
/// </summary>
/// <remarks>
/// The key is the whole encoding, compared byte for byte, so two entries never share an instance
/// unless their bytes are identical. Callers share the instances and must not dispose them. Safe to
/// use from many threads.
/// </remarks>
internal sealed class DecodedCertificateCache
{
    /// <summary>Entry count at which the cache is emptied, bounding memory when every file carries other certificates.</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<byte[], X509Certificate2> _certificates = new(EncodingComparer.Instance);

    /// <summary>Returns the certificate encoded as <paramref name="encoded"/>, decoding it on first use.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The bytes are not a certificate.</exception>
    public X509Certificate2 Get(ReadOnlyMemory<byte> encoded)
    {
        byte[] key = encoded.ToArray();
        if (_certificates.TryGetValue(key, out X509Certificate2? certificate))
        {
            return certificate;
        }

        if (_certificates.Count >= MaxEntries)
        {
            _certificates.Clear();
        }

        // Two threads may decode the same bytes at once, and then one instance wins and the other is dropped.
        return _certificates.GetOrAdd(key, bytes => new X509Certificate2(bytes));
    }

    private sealed class EncodingComparer : IEqualityComparer<byte[]>
    {
        public static readonly EncodingComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
