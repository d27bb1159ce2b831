using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>Finds a certificate, with its private key, in the "My" store of a store location.</summary>
public static class CertificateStoreLookup
{
    /// <summary>
    /// Returns a new certificate object for the thumbprint, which the caller disposes. Throws
    /// ThumbprintInvalid, StoreLocationNotSupported, StoreUnavailable or CertificateNotFound.
    /// </summary>
    public static X509Certificate2 Find(string thumbprint, StoreLocation location)
    {
        string normalized = StoreKeyLoader.NormalizeThumbprint(thumbprint);
        StoreKeyLoader.ThrowIfMyStoreMissing(location, normalized);
        return StoreKeyLoader.Find(normalized, location, $@"{location}\My");
    }
}
