using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>Derives a signer's validation level from its certificate and chain.</summary>
public static class ValidationLevelClassifier
{
    /// <summary>CA/Browser Forum policy OID for Extended Validation code signing certificates.</summary>
    public const string ExtendedValidationCodeSigningOid = "2.23.140.1.3";

    /// <summary>CA/Browser Forum policy OID for Organization Validation (non-EV) code signing certificates.</summary>
    public const string OrganizationValidationCodeSigningOid = "2.23.140.1.4.1";

    /// <summary>Classifies the signer from its certificate alone, as done when no policy gives trust stores a class.</summary>
    /// <returns>
    /// <see cref="ValidationLevel.EV"/> or <see cref="ValidationLevel.OV"/> from the CA/Browser Forum
    /// policy OIDs of the leaf (EV wins when both are present); <see cref="ValidationLevel.SelfSigned"/>
    /// when the chain is the leaf alone, its subject equals its issuer and its signature verifies with
    /// its own key; else <see cref="ValidationLevel.Unknown"/>.
    /// </returns>
    /// <param name="leaf">The signer certificate.</param>
    /// <param name="chain">The chain built for the signer, leaf first; empty when none was built.</param>
    public static ValidationLevel FromCertificate(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(chain);

        IReadOnlyList<string> policyOids = CertificatePolicies.GetPolicyOids(leaf);
        if (policyOids.Contains(ExtendedValidationCodeSigningOid))
        {
            return ValidationLevel.EV;
        }

        if (policyOids.Contains(OrganizationValidationCodeSigningOid))
        {
            return ValidationLevel.OV;
        }

        // A self-issued certificate chained to another certificate (a CA key rollover) is not self-signed.
        if (chain.Count <= 1 && SelfSignature.IsSelfSigned(leaf))
        {
            return ValidationLevel.SelfSigned;
        }

        return ValidationLevel.Unknown;
    }
}
