using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Keys;

/// <summary>
/// A code signing certificate and the private key that signs digests for it. The signer hands the
/// key a hash to sign and never sees where the key lives.
/// </summary>
public abstract class SigningKey : IDisposable
{
    /// <summary>The signer certificate, public part only is needed by callers.</summary>
    public abstract X509Certificate2 Certificate { get; }

    /// <summary>Where the key comes from, for verbose output, for example "PFX file '/keys/a.pfx'".</summary>
    public abstract string Source { get; }

    /// <summary>
    /// Other certificates that came with the key, such as the rest of a PFX file or further
    /// CERTIFICATE blocks of a PEM file: candidates for the signer's chain, not validated. Empty when
    /// the source has none.
    /// </summary>
    public virtual IReadOnlyList<X509Certificate2> AdditionalCertificates => [];

    /// <summary>
    /// Signs a precomputed hash: RSA keys return a PKCS#1 v1.5 signature, ECDSA keys an IEEE P1363
    /// (r || s) signature.
    /// </summary>
    public abstract byte[] SignHash(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
