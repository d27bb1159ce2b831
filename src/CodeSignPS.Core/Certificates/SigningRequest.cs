namespace CodeSignPS.Core.Certificates;

/// <summary>A PKCS#10 certificate signing request made by <see cref="SigningRequestFactory"/>, and where its key went.</summary>
public sealed class SigningRequest
{
    /// <summary>Subject distinguished name asked for.</summary>
    public required string Subject { get; init; }

    /// <summary>Key algorithm and size, for example "RSA 3072".</summary>
    public required string KeyAlgorithm { get; init; }

    /// <summary>SHA-256 of the public key's SubjectPublicKeyInfo, in hexadecimal, to match the issued certificate later.</summary>
    public required string PublicKeySha256 { get; init; }

    /// <summary>The request as PEM text ("CERTIFICATE REQUEST").</summary>
    public required string Pem { get; init; }

    /// <summary>File the request was written to, if any.</summary>
    public string? RequestPath { get; init; }

    /// <summary>File the private key was written to, if any.</summary>
    public string? KeyPath { get; init; }

    /// <summary>Whether the key file is encrypted with a password.</summary>
    public bool KeyEncrypted { get; init; }

    /// <summary>Store that contains the key, for example "CurrentUser\My", if any.</summary>
    public string? Store { get; init; }

    /// <summary>Thumbprint of the placeholder certificate that carries the key in the store, if any.</summary>
    public string? PlaceholderThumbprint { get; init; }
}
