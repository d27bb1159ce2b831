using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>Lists the certificates of an X509 "My" store.</summary>
public static class CertificateStoreReader
{
    /// <summary>The name an inventory shows as the source, such as "Cert:\CurrentUser\My".</summary>
    public static string SourceName(StoreLocation location) => $@"Cert:\{location}\My";

    /// <summary>Returns copies the caller owns of every certificate in the store.</summary>
    /// <exception cref="CodeSignException">
    /// <c>StoreLocationNotSupported</c> for LocalMachine on Linux, <c>StoreUnavailable</c> when the store cannot be opened.
    /// </exception>
    public static IReadOnlyList<X509Certificate2> ReadMy(StoreLocation location)
    {
        string name = SourceName(location);
        if (location == StoreLocation.LocalMachine && !OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS())
        {
            // .NET on Linux has no LocalMachine\My store; opening it throws a bare CryptographicException.
            throw new CodeSignException(
                SigningKeyErrorIds.StoreLocationNotSupported,
                FailureCategory.InvalidArgument,
                $@"The store LocalMachine\My does not exist in .NET on this platform; only CurrentUser\My does. Use -StoreLocation CurrentUser, or give certificate files with -Path.",
                name);
        }

        using var store = new X509Store(StoreName.My, location);
        try
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        }
        catch (CryptographicException exception)
        {
            // A CurrentUser\My store that was never created is empty, not an error.
            if (location == StoreLocation.CurrentUser)
            {
                return [];
            }

            throw new CodeSignException(
                SigningKeyErrorIds.StoreUnavailable,
                FailureCategory.ResourceUnavailable,
                $"The store {name} cannot be opened: {exception.Message}",
                name,
                exception);
        }

        return store.Certificates.Cast<X509Certificate2>().ToList();
    }
}
