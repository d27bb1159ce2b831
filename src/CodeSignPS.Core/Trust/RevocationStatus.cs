namespace CodeSignPS.Core.Trust;

/// <summary>What revocation checking found for a certificate or a chain.</summary>
public enum RevocationStatus
{
    /// <summary>Covered by a current, verified CRL and not revoked (or revoked after a timestamp, for a reason that spares it).</summary>
    Good,

    /// <summary>Listed on a verified CRL, and the revocation applies to the signature.</summary>
    Revoked,

    /// <summary>No usable CRL covers the certificate.</summary>
    Unknown,
}
