using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

/// <summary>The certificates of one file, and the private key a PEM file held beside them.</summary>
public sealed class CertificateFile : IDisposable
{
    internal CertificateFile(string path, IReadOnlyList<X509Certificate2> certificates, AsymmetricAlgorithm? pemKey)
    {
        Path = path;
        Certificates = certificates;
        PemKey = pemKey;
    }

    public string Path { get; }

    /// <summary>The certificates in file order; empty when a PEM file holds no CERTIFICATE block.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>A PRIVATE KEY block of a PEM file, not yet matched to any certificate; null otherwise.</summary>
    public AsymmetricAlgorithm? PemKey { get; }

    /// <summary>The PEM key when it belongs to <paramref name="certificate"/>, else null.</summary>
    public AsymmetricAlgorithm? KeyFor(X509Certificate2 certificate) =>
        PemKey is not null && CertificateInventory.KeyMatches(certificate, PemKey) ? PemKey : null;

    /// <summary>Disposes the PEM key; the certificates are left to the caller, who hands them on.</summary>
    public void Dispose() => PemKey?.Dispose();
}
