using System.Security;

namespace CodeSignPS.Core.Certificates;

/// <summary>What <see cref="CertificateExporter"/> writes and how it protects a private key.</summary>
public sealed class CertificateExportOptions
{
    /// <summary>The file format; <see cref="CertificateExporter.FormatFromPath"/> infers it from a file name.</summary>
    public CertificateFileFormat Format { get; init; } = CertificateFileFormat.Pfx;

    /// <summary>Write the private key to a PEM export. A PFX contains the key whenever the certificate has one.</summary>
    public bool IncludePrivateKey { get; init; }

    /// <summary>The password that encrypts the private key (and seals a PFX's MAC).</summary>
    public SecureString? Password { get; init; }

    /// <summary>Whether <see cref="Password"/> can protect anything: an empty password counts as none.</summary>
    public bool HasPassword => Password is { Length: > 0 };

    /// <summary>The caller's explicit consent to write a private key without encryption.</summary>
    public bool UnprotectedKey { get; init; }

    /// <summary>A PFX encrypted with 3DES and a SHA-1 MAC, for consumers that cannot read AES-256.</summary>
    public bool Legacy { get; init; }

    /// <summary>For a PEM export with the key: a separate file for the key; without it the key follows the certificate.</summary>
    public string? KeyPath { get; init; }

    /// <summary>
    /// Also write the CA certificates above the certificate (PFX and PEM only), nearest first, as far
    /// as they can be found in <see cref="ChainPaths"/> and the certificate stores, without the network.
    /// </summary>
    public bool IncludeChain { get; init; }

    /// <summary>PEM, DER or PFX files whose certificates <see cref="IncludeChain"/> may use; none by default.</summary>
    public IReadOnlyList<string> ChainPaths { get; init; } = [];

    /// <summary>Replace files that already exist.</summary>
    public bool Force { get; init; }
}
