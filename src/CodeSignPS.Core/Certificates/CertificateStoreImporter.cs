using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>Adds a certificate, with its private key, to the "My" store of a store location.</summary>
public static class CertificateStoreImporter
{
    /// <summary>
    /// Adds <paramref name="certificate"/> to <paramref name="location"/>\My and returns the certificate
    /// as the store now contains it, with a persisted key. Throws StoreLocationNotSupported where .NET has
    /// no such store (LocalMachine on Linux) before anything is touched.
    /// </summary>
    /// <param name="exportable">Whether the persisted key may be exported again (Windows; elsewhere keys always are).</param>
    public static X509Certificate2 Add(X509Certificate2 certificate, StoreLocation location, bool exportable)
    {
        StoreKeyLoader.ThrowIfMyStoreMissing(location, certificate.Thumbprint);
        string storeName = $@"{location}\My";
        using X509Certificate2 persisted = Persist(certificate, location, exportable);
        using var store = new X509Store(StoreName.My, location);
        try
        {
            store.Open(OpenFlags.ReadWrite);
            store.Add(persisted);
        }
        catch (CryptographicException exception)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.StoreUnavailable,
                FailureCategory.ResourceUnavailable,
                $"The certificate {CodeSigningRequirements.Describe(certificate)} cannot be added to the store {storeName}: {exception.Message}",
                certificate.Thumbprint,
                exception);
        }

        return StoreKeyLoader.Find(certificate.Thumbprint, location, storeName);
    }

    // A key loaded without persistence (or joined from a PEM file) would vanish from a Windows store
    // with this process, so the certificate goes through a PFX with a throwaway password and is loaded
    // again with a persisted key.
    private static X509Certificate2 Persist(X509Certificate2 certificate, StoreLocation location, bool exportable)
    {
        if (!certificate.HasPrivateKey)
        {
            return new X509Certificate2(certificate.RawData);
        }

        string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        byte[] pfx = certificate.Export(X509ContentType.Pkcs12, password);
        try
        {
            X509KeyStorageFlags flags = X509KeyStorageFlags.PersistKeySet
                | (location == StoreLocation.LocalMachine ? X509KeyStorageFlags.MachineKeySet : X509KeyStorageFlags.UserKeySet)
                | (exportable ? X509KeyStorageFlags.Exportable : X509KeyStorageFlags.DefaultKeySet);
            return new X509Certificate2(pfx, password, flags);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }
}
