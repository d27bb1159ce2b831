using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Certificates;

/// <summary>One certificate found by an inventory, with its expiry and its fitness for code signing.</summary>
public sealed class CertificateInventoryItem
{
    public required string Subject { get; init; }

    public required string Thumbprint { get; init; }

    public required string Issuer { get; init; }

    public required string SerialNumber { get; init; }

    /// <summary>Start of the validity period, in UTC.</summary>
    public required DateTime NotBefore { get; init; }

    /// <summary>End of the validity period, in UTC.</summary>
    public required DateTime NotAfter { get; init; }

    /// <summary>Whole days from the inventory time to NotAfter, rounded down; negative once expired.</summary>
    public required int DaysLeft { get; init; }

    /// <summary>RSA, ECDSA, or the name or OID of another public key algorithm.</summary>
    public required string KeyAlgorithm { get; init; }

    /// <summary>Key size in bits; 0 when the algorithm is not RSA or ECDSA.</summary>
    public required int KeySize { get; init; }

    public required bool HasPrivateKey { get; init; }

    /// <summary>The validation level from the chain; null when no trust store was given.</summary>
    public ValidationLevel? ValidationLevel { get; init; }

    /// <summary>Whether the chain reached an anchor of the given trust stores; null when none was given.</summary>
    public bool? IsTrusted { get; init; }

    /// <summary>The file path, or the store as "Cert:\CurrentUser\My", or "Pipeline".</summary>
    public required string Source { get; init; }

    public required CertificateStatus Status { get; init; }

    /// <summary>What the check against the given CRLs found, with the CRL entry when revoked; null when no CRL was given.</summary>
    public RevocationOutcome? Revocation { get; init; }

    /// <summary>Good, Revoked or Unknown, from <see cref="Revocation"/>; null when no CRL was given. A column for tables and filters.</summary>
    public RevocationStatus? RevocationStatus => Revocation?.Status;

    /// <summary>Why the status is not Valid, in words; empty for Valid.</summary>
    public required string StatusMessage { get; init; }

    public required X509Certificate2 Certificate { get; init; }
}
