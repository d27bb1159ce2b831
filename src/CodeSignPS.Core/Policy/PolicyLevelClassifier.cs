using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>The validation level of a signer under a policy, from the class of the store its chain ends in.</summary>
public static class PolicyLevelClassifier
{
    /// <summary>
    /// SelfSigned for a self-signed store, Internal for an enterprise store; for a public store EV when the
    /// signer carries 2.23.140.1.3 or an EV OID of <paramref name="levels"/>, else OV. Unknown without a store.
    /// </summary>
    /// <remarks>
    /// OV under a public store needs no OID (any public code signing certificate is OV), so the OV OIDs
    /// of <c>levels.ov.policyOids</c> and 2.23.140.1.4.1 never change the level; they only name the
    /// reason in <see cref="Describe"/>. Neither kind of OID lifts a certificate of an enterprise or
    /// self-signed store: the store class, which the policy author chose, decides those.
    /// </remarks>
    public static ValidationLevel Classify(X509Certificate2 signer, PolicyTrustStore? anchorStore, LevelDefinitions levels)
        => Evaluate(signer, anchorStore, levels).Level;

    /// <summary>The level and a sentence saying why, such as "EV: the chain ends in public trust store 'roots' and the certificate carries 2.23.140.1.3".</summary>
    public static string Describe(X509Certificate2 signer, PolicyTrustStore? anchorStore, LevelDefinitions levels)
    {
        (ValidationLevel level, string reason) = Evaluate(signer, anchorStore, levels);
        return $"{level}: {reason}";
    }

    private static (ValidationLevel Level, string Reason) Evaluate(X509Certificate2 signer, PolicyTrustStore? anchorStore, LevelDefinitions levels)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(levels);
        if (anchorStore is null)
        {
            return (ValidationLevel.Unknown, "the chain ends in no code signing trust store of the policy");
        }

        string store = anchorStore.Definition.Name;
        switch (anchorStore.Definition.Class.Value)
        {
            case TrustStoreClass.SelfSigned:
                return (ValidationLevel.SelfSigned, $"the chain ends in self-signed trust store '{store}'");
            case TrustStoreClass.Enterprise:
                return (ValidationLevel.Internal, $"the chain ends in enterprise trust store '{store}'");
        }

        IReadOnlyList<string> present = CertificatePolicies.GetPolicyOids(signer);
        string? ev = FindOid(present, ValidationLevelClassifier.ExtendedValidationCodeSigningOid, levels.EvPolicyOids);
        if (ev is not null)
        {
            return (ValidationLevel.EV, $"the chain ends in public trust store '{store}' and the certificate carries the EV policy OID {ev}");
        }

        string? ov = FindOid(present, ValidationLevelClassifier.OrganizationValidationCodeSigningOid, levels.OvPolicyOids);
        return ov is not null
            ? (ValidationLevel.OV, $"the chain ends in public trust store '{store}' and the certificate carries the OV policy OID {ov}")
            : (ValidationLevel.OV, $"the chain ends in public trust store '{store}' and the certificate carries no EV policy OID");
    }

    private static string? FindOid(IReadOnlyList<string> present, string standard, IReadOnlyList<PolicyValue<string>> extra)
    {
        if (present.Contains(standard, StringComparer.Ordinal))
        {
            return standard;
        }

        return extra.Select(oid => oid.Value).FirstOrDefault(oid => present.Contains(oid, StringComparer.Ordinal));
    }
}
