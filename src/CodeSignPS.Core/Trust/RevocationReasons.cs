using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>How a CRL reason code applies to signatures made before the revocation.</summary>
public static class RevocationReasons
{
    /// <summary>
    /// Whether a revocation for <paramref name="reason"/> leaves signatures timestamped before the
    /// revocation date valid: true for superseded, cessationOfOperation, affiliationChanged and
    /// privilegeWithdrawn, where the key was never in the wrong hands. A compromise, an unspecified or
    /// absent reason, and certificateHold may reach back before the revocation date, so they revoke
    /// every signature.
    /// </summary>
    public static bool SparesEarlierTimestamps(X509RevocationReason? reason) => reason is
        X509RevocationReason.Superseded
        or X509RevocationReason.CessationOfOperation
        or X509RevocationReason.AffiliationChanged
        or X509RevocationReason.PrivilegeWithdrawn;
}
