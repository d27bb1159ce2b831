using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>The trust anchors of a <see cref="ChainValidator"/>, with the store each came from.</summary>
internal sealed class TrustAnchorSet
{
    internal const string SystemStoreName = "the system root store";

    private readonly Dictionary<string, string> _storeByCertificateHash = new(StringComparer.Ordinal);

    internal TrustAnchorSet(IReadOnlyList<TrustStore> trustStores, bool useSystemTrust)
    {
        var names = new List<string>();
        foreach (TrustStore store in trustStores)
        {
            Add(store.Name, store.Certificates);
            names.Add($"'{store.Name}'");
        }

        if (useSystemTrust)
        {
            Add(SystemStoreName, ReadSystemRoots());
            names.Add(SystemStoreName);
        }

        SearchedStores = names.Count == 0
            ? "none (no trust store was given and the system store was not requested)"
            : string.Join(", ", names);
    }

    /// <summary>The self-issued certificates of the stores: the anchors, for <see cref="X509ChainPolicy.CustomTrustStore"/>.</summary>
    internal X509Certificate2Collection Certificates { get; } = new();

    /// <summary>The other certificates of the stores: CA certificates that help build a chain but do not end one.</summary>
    /// <remarks>
    /// Platforms differ on whether a non-root certificate in a custom trust store ends a chain, so
    /// these go into the extra store and every platform treats them the same way.
    /// </remarks>
    internal X509Certificate2Collection Intermediates { get; } = new();

    /// <summary>The store names for messages, quoted and comma-separated.</summary>
    internal string SearchedStores { get; }

    /// <summary>Returns the name of the first store whose anchors contain <paramref name="certificate"/>, or null when none does.</summary>
    internal string? FindStore(X509Certificate2 certificate)
        => IsSelfIssued(certificate) ? _storeByCertificateHash.GetValueOrDefault(HashOf(certificate)) : null;

    internal static bool IsSelfIssued(X509Certificate2 certificate)
        => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    internal static string HashOf(X509Certificate2 certificate)
        => Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));

    private void Add(string storeName, X509Certificate2Collection certificates)
    {
        foreach (X509Certificate2 certificate in certificates)
        {
            if (!_storeByCertificateHash.TryAdd(HashOf(certificate), storeName))
            {
                continue;
            }

            if (IsSelfIssued(certificate))
            {
                Certificates.Add(certificate);
            }
            else
            {
                Intermediates.Add(certificate);
            }
        }
    }

    // On Linux this is the OpenSSL root bundle, which distributions fill with TLS server roots only.
    private static X509Certificate2Collection ReadSystemRoots()
    {
        try
        {
            using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            return store.Certificates;
        }
        catch (CryptographicException ex)
        {
            throw new CodeSignException(
                "SystemTrustStoreUnavailable",
                FailureCategory.ResourceUnavailable,
                $"The system root store could not be opened: {ex.Message}. Give the root certificates with -TrustStore instead.",
                "LocalMachine\\Root",
                ex);
        }
    }
}
