using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Reporting;

/// <summary>The SARIF rule of each issue code: a name and a one-line description.</summary>
internal static class SarifRules
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [ReportItems.PolicyName(PolicyCheck.Integrity)] = "The content must match the digest its signature covers.",
        [ReportItems.PolicyName(PolicyCheck.Trust)] = "The signer must chain to a trust store of an accepted publisher, at the required validation level.",
        [ReportItems.PolicyName(PolicyCheck.Timestamp)] = "The signature must carry a timestamp that verifies.",
        [ReportItems.PolicyName(PolicyCheck.Expiry)] = "The signer certificate must be valid at the verification time.",
        [ReportItems.PolicyName(PolicyCheck.Revocation)] = "No certificate of the chain may be revoked, and revocation must be determinable.",
        [ReportItems.PolicyName(PolicyCheck.Algorithms)] = "Digest and key sizes must meet the policy's algorithm floors.",
        [ReportItems.PolicyCodes.Unsigned] = "Files a rule covers must be signed.",
        [ReportItems.PolicyCodes.Uncovered] = "Files must be covered by a rule of the policy.",
        [ReportItems.PolicyCodes.ExceptionUsed] = "A policy exception allowed the file.",
        [ReportItems.PolicyCodes.ExceptionExpired] = "A policy exception that matched the file has expired.",
        [ReportItems.PolicyCodes.ExceptionNotApplied] = "A policy exception names the file but does not apply to its content.",
        [ReportItems.PolicyCodes.EvaluationFailed] = "The file could not be evaluated.",
        [nameof(SignatureStatus.UnsupportedFormat)] = "No signature format handles the file.",
        [nameof(SignatureStatus.NotSigned)] = "The file has no signature.",
        [nameof(SignatureStatus.Malformed)] = "The signature could not be decoded.",
        [nameof(SignatureStatus.HashMismatch)] = "The content does not match the signed digest.",
        [nameof(SignatureStatus.WeakAlgorithm)] = "The signature uses a weak digest or key.",
        [nameof(SignatureStatus.NotTrusted)] = "The signer's chain does not reach a trust anchor.",
        [nameof(SignatureStatus.Expired)] = "The signer certificate was not valid at the verification time.",
        [nameof(SignatureStatus.Revoked)] = "A certificate of the signer's chain is revoked.",
        [nameof(SignatureStatus.RevocationUnknown)] = "The revocation status of the signer's chain could not be determined.",
    };

    /// <summary>A description of the findings coded <paramref name="code"/>.</summary>
    public static string Describe(string code) =>
        Descriptions.TryGetValue(code, out string? description) ? description : $"CodeSignPS reported '{code}'.";

    /// <summary>
    /// The rule's name: a Pascal-case identifier that differs from the opaque id by more than case, as
    /// the SARIF validator's rule SARIF1001 requests: <c>trust</c> is <c>TrustCheck</c>, <c>HashMismatch</c>
    /// is <c>SignatureHashMismatch</c>, <c>unsigned</c> is <c>PolicyUnsigned</c>, anything else gets <c>Finding</c> appended.
    /// </summary>
    public static string NameOf(string code)
    {
        string pascal = code.Length == 0 ? "Unnamed" : char.ToUpperInvariant(code[0]) + code[1..];
        if (Enum.GetValues<PolicyCheck>().Any(check => ReportItems.PolicyName(check) == code))
        {
            return pascal + "Check";
        }

        if (Enum.GetNames<SignatureStatus>().Contains(code, StringComparer.Ordinal))
        {
            return "Signature" + pascal;
        }

        return Descriptions.ContainsKey(code) ? "Policy" + pascal : pascal + "Finding";
    }
}
