using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Certificates;

/// <summary>How <see cref="CertificateInventory"/> judges the certificates it describes.</summary>
public sealed class CertificateInventoryOptions
{
    /// <summary>The default number of days before NotAfter at which a certificate counts as expiring soon.</summary>
    public const int DefaultExpiringSoonDays = 30;

    /// <summary>A certificate whose NotAfter is this many days away or fewer is <see cref="CertificateStatus.ExpiringSoon"/>.</summary>
    public int ExpiringSoonDays { get; init; } = DefaultExpiringSoonDays;

    /// <summary>The time of the inventory, in UTC.</summary>
    public DateTime Now { get; init; } = DateTime.UtcNow;

    /// <summary>Builds chains for the validation level when given; without it the level is left empty.</summary>
    public ChainValidator? ChainValidator { get; init; }

    /// <summary>
    /// Checks each certificate against the caller's CRLs: <see cref="CertificateStatus.Revoked"/> or
    /// <see cref="CertificateStatus.RevocationUnknown"/> as it finds. No check when null.
    /// </summary>
    public CertificateInventoryRevocation? Revocation { get; init; }
}
