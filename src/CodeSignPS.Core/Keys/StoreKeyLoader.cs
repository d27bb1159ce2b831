using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Keys;

/// <summary>Opens a signing key from the .NET X509 "My" store by SHA-1 thumbprint.</summary>
internal static class StoreKeyLoader
{
    public static SigningKey Load(string thumbprint, StoreLocation location)
    {
        string normalized = NormalizeThumbprint(thumbprint);
        string storeName = $@"{location}\My";
        ThrowIfMyStoreMissing(location, normalized);

        X509Certificate2 certificate = Find(normalized, location, storeName);
        try
        {
            string origin = $"from store {storeName}";
            SigningKeyAlgorithm algorithm = CodeSigningRequirements.Check(certificate, origin, normalized);
            AsymmetricAlgorithm key = CertificatePrivateKey.Open(certificate, algorithm, origin, normalized, FailureCategory.InvalidArgument);
            return new LocalSigningKey(certificate, ownsCertificate: true, key, $"store {storeName}", []);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>Throws StoreLocationNotSupported where .NET has no "My" store for the location.</summary>
    internal static void ThrowIfMyStoreMissing(StoreLocation location, string target)
    {
        if (location == StoreLocation.LocalMachine && !OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS())
        {
            // .NET on Linux has only the Root and CertificateAuthority stores for LocalMachine. Opening My
            // there throws a CryptographicException, which this error replaces with the way out.
            throw new CodeSignException(
                SigningKeyErrorIds.StoreLocationNotSupported,
                FailureCategory.InvalidArgument,
                $@"The store LocalMachine\My does not exist in .NET on this platform; only CurrentUser\My does. " +
                "Import the certificate into CurrentUser, or give a PFX or PEM file.",
                target);
        }
    }

    internal static X509Certificate2 Find(string thumbprint, StoreLocation location, string storeName)
    {
        using var store = new X509Store(StoreName.My, location);
        try
        {
            store.Open(OpenFlags.ReadOnly);
        }
        catch (CryptographicException exception)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.StoreUnavailable,
                FailureCategory.ResourceUnavailable,
                $"The store {storeName} cannot be opened: {exception.Message}",
                thumbprint,
                exception);
        }

        // Each instance in the collection is a new object, so every one but the match is disposed.
        X509Certificate2? match = null;
        foreach (X509Certificate2 candidate in store.Certificates)
        {
            if (match is null && string.Equals(candidate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase))
            {
                match = candidate;
            }
            else
            {
                candidate.Dispose();
            }
        }

        return match ?? throw new CodeSignException(
            SigningKeyErrorIds.CertificateNotFound,
            FailureCategory.ObjectNotFound,
            $"No certificate with thumbprint {thumbprint} is in the store {storeName}. " +
            "Check the thumbprint, or list the store's certificates to find the right one.",
            thumbprint);
    }

    /// <summary>
    /// Removes spaces, colons and invisible format characters (certificate dialogs copy a leading
    /// U+200E mark), uppercases the rest and checks that 40 hexadecimal digits remain.
    /// </summary>
    internal static string NormalizeThumbprint(string thumbprint)
    {
        string normalized = new string(thumbprint
            .Where(character => !char.IsWhiteSpace(character) && character != ':' && char.GetUnicodeCategory(character) != System.Globalization.UnicodeCategory.Format)
            .ToArray()).ToUpperInvariant();
        if (normalized.Length == 40 && normalized.All(char.IsAsciiHexDigit))
        {
            return normalized;
        }

        throw new CodeSignException(
            SigningKeyErrorIds.ThumbprintInvalid,
            FailureCategory.InvalidArgument,
            $"The thumbprint '{thumbprint}' is not a SHA-1 thumbprint: expected 40 hexadecimal digits, found {normalized.Length} characters. " +
            "Copy the certificate's Thumbprint property.",
            thumbprint);
    }
}
