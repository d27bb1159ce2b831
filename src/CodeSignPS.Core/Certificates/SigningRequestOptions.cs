using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

/// <summary>Where a signing request and its new private key go.</summary>
public sealed class SigningRequestOptions
{
    /// <summary>File for the PEM signing request; null to only return the text.</summary>
    public string? RequestPath { get; init; }

    /// <summary>File for the PKCS#8 PEM private key; exclusive with <see cref="StoreLocation"/>.</summary>
    public string? KeyPath { get; init; }

    /// <summary>Password that encrypts the key file.</summary>
    public SecureString? Password { get; init; }

    /// <summary>Whether the key file may be written unencrypted when no password is given.</summary>
    public bool UnprotectedKey { get; init; }

    /// <summary>Keeps the key in this location's "My" store, beside a placeholder certificate.</summary>
    public StoreLocation? StoreLocation { get; init; }

    /// <summary>Whether existing files at the two paths may be replaced.</summary>
    public bool Overwrite { get; init; }
}
