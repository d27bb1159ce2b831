using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Keys;

/// <summary>
/// A signing key held by this process: an RSA or ECDsa private key with its certificate, loaded from
/// a certificate object, a PFX file, PEM files or an X509 store by <see cref="SigningKeyLoader"/>.
/// </summary>
/// <remarks>
/// SignHash may be called from several threads at once: .NET's RSA and ECDsa implementations create a
/// new context for each signing call. NOTE: a unit test checks this on Linux (OpenSSL) only.
/// </remarks>
internal sealed class LocalSigningKey : SigningKey
{
    private readonly X509Certificate2 certificate;
    private readonly bool ownsCertificate;
    private readonly AsymmetricAlgorithm privateKey;
    private readonly IReadOnlyList<X509Certificate2> additionalCertificates;
    private bool disposed;

    /// <param name="certificate">The signer certificate.</param>
    /// <param name="ownsCertificate">False when the caller passed the certificate in and still owns it.</param>
    /// <param name="privateKey">An <see cref="RSA"/> or <see cref="ECDsa"/> key, owned from now on.</param>
    /// <param name="source">Where the key comes from, without secrets.</param>
    /// <param name="additionalCertificates">Public-only certificates that came with the key, owned from now on.</param>
    public LocalSigningKey(
        X509Certificate2 certificate,
        bool ownsCertificate,
        AsymmetricAlgorithm privateKey,
        string source,
        IReadOnlyList<X509Certificate2> additionalCertificates)
    {
        if (privateKey is not RSA and not ECDsa)
        {
            throw new ArgumentException($"Expected an RSA or ECDsa key, found {privateKey.GetType().Name}.", nameof(privateKey));
        }

        this.certificate = certificate;
        this.ownsCertificate = ownsCertificate;
        this.privateKey = privateKey;
        this.additionalCertificates = additionalCertificates;
        Source = source;
    }

    public override X509Certificate2 Certificate => certificate;

    public override string Source { get; }

    public override IReadOnlyList<X509Certificate2> AdditionalCertificates => additionalCertificates;

    public override byte[] SignHash(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CheckHashLength(hash, hashAlgorithm);

        return privateKey switch
        {
            RSA rsa => rsa.SignHash(hash, hashAlgorithm, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => ecdsa.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new InvalidOperationException("The constructor admits RSA and ECDsa keys only."),
        };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (disposing)
        {
            privateKey.Dispose();
            if (ownsCertificate)
            {
                certificate.Dispose();
            }

            foreach (X509Certificate2 additional in additionalCertificates)
            {
                additional.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    // ECDSA signs whatever bytes it gets, so a digest of the wrong algorithm would give a signature
    // that no verifier accepts. Checking the length here reports the real mistake.
    private static void CheckHashLength(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm)
    {
        int expected = hashAlgorithm.Name switch
        {
            "SHA256" => SHA256.HashSizeInBytes,
            "SHA384" => SHA384.HashSizeInBytes,
            "SHA512" => SHA512.HashSizeInBytes,
            "SHA1" => SHA1.HashSizeInBytes,
            "MD5" => MD5.HashSizeInBytes,
            _ => throw new ArgumentException($"Hash algorithm '{hashAlgorithm.Name}' is not supported.", nameof(hashAlgorithm)),
        };

        if (hash.Length != expected)
        {
            throw new ArgumentException(
                $"A {hashAlgorithm.Name} hash is {expected} bytes long, found {hash.Length} bytes.", nameof(hash));
        }
    }
}
