using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// The six checks, each read from a verification result and given the action the policy sets. A check
/// whose action is off has Passed null. A check that verification did not reach, because an earlier
/// step failed, fails rather than passing unseen, unless integrity already failed.
/// </summary>
public sealed partial class PolicyEvaluator
{
    internal static PolicyCheckResult CheckIntegrity(VerificationResult verification)
    {
        bool passed = verification.IsIntegrityValid == true && verification.Status != SignatureStatus.Malformed;
        string message = passed
            ? "The content digest and the signature value verify."
            : FindOutcome(verification, CheckNames.Integrity)?.Message is { } found && verification.Status != SignatureStatus.Malformed
                ? $"The file was changed after signing: {found}"
                : verification.StatusMessage;
        return new PolicyCheckResult(PolicyCheck.Integrity, CheckAction.Enforce, passed, message);
    }

    internal static PolicyCheckResult CheckTrust(VerificationResult verification, CheckAction action, RuleDefinition rule, TrustFinding finding)
    {
        if (action == CheckAction.Off)
        {
            return Off(PolicyCheck.Trust);
        }

        var failures = new List<string>();
        CheckOutcome? chain = FindOutcome(verification, CheckNames.Trust);
        if (chain is null)
        {
            failures.Add($"The signer's chain was not checked because verification stopped first: {verification.StatusMessage}");
        }
        else if (chain.Passed != true)
        {
            failures.Add(chain.Message);
        }

        if (finding.Publisher is null)
        {
            string mismatches = finding.Mismatches.Count == 0 ? "" : " " + string.Join(" ", finding.Mismatches);
            failures.Add($"The signer '{verification.SignerCertificate?.Subject}' is none of the publishers of rule '{rule.Name}' ({string.Join(", ", rule.Publishers.Select(publisher => publisher.Value))}).{mismatches}");
        }

        if (finding.Level < finding.RequiredLevel)
        {
            failures.Add($"The signer's validation level is {finding.Level}, below the minimum {finding.RequiredLevel} that rule '{rule.Name}' requires in this environment.");
        }

        return failures.Count == 0
            ? new PolicyCheckResult(PolicyCheck.Trust, action, true,
                $"Signed by '{verification.SignerCertificate?.Subject}' as publisher '{finding.Publisher}', chained to trust store '{finding.AnchorStore}', level {finding.Level} (minimum {finding.RequiredLevel}).")
            : new PolicyCheckResult(PolicyCheck.Trust, action, false, string.Join(" ", failures));
    }

    internal static PolicyCheckResult CheckTimestamp(VerificationResult verification, CheckAction action)
    {
        if (action == CheckAction.Off)
        {
            return Off(PolicyCheck.Timestamp);
        }

        return verification.Timestamp switch
        {
            { IsVerified: true } timestamp => new PolicyCheckResult(PolicyCheck.Timestamp, action, true, $"Verified timestamp: {timestamp}."),
            null => new PolicyCheckResult(PolicyCheck.Timestamp, action, false, "The signature has no timestamp. Sign with -TimestampServer so that the signature outlives the signer certificate."),
            { } timestamp => new PolicyCheckResult(PolicyCheck.Timestamp, action, false, $"The timestamp did not verify: {timestamp.Message}"),
        };
    }

    /// <param name="runTime">The verification time of a signature without a verified timestamp.</param>
    internal static PolicyCheckResult CheckExpiry(VerificationResult verification, CheckAction action, DateTimeOffset runTime)
    {
        if (action == CheckAction.Off)
        {
            return Off(PolicyCheck.Expiry);
        }

        if (FindOutcome(verification, CheckNames.Time) is { } time)
        {
            return new PolicyCheckResult(PolicyCheck.Expiry, action, time.Passed == true, time.Message);
        }

        // Verification stopped before its time check (an untrusted chain, for example), so the signer
        // alone is checked here: an expired signer must not hide behind a failure whose action is warn.
        X509Certificate2? signer = verification.SignerCertificate;
        if (signer is null)
        {
            return new PolicyCheckResult(PolicyCheck.Expiry, action, false, $"The signer certificate is unknown: {verification.StatusMessage}");
        }

        DateTimeOffset at = verification.Timestamp is { IsVerified: true, Time: { } stamped } ? stamped : runTime;
        bool valid = signer.NotBefore.ToUniversalTime() <= at.UtcDateTime && at.UtcDateTime <= signer.NotAfter.ToUniversalTime();
        string message = valid
            ? $"The signer '{signer.Subject}' was valid at the verification time {at.UtcDateTime:u}."
            : $"The signer '{signer.Subject}' is valid from {signer.NotBefore.ToUniversalTime():u} to {signer.NotAfter.ToUniversalTime():u}, which does not include the verification time {at.UtcDateTime:u}.";
        return new PolicyCheckResult(PolicyCheck.Expiry, action, valid, message);
    }

    internal static PolicyCheckResult CheckRevocation(VerificationResult verification, CheckAction action, PolicyRevocationMode mode)
    {
        if (action == CheckAction.Off || mode == PolicyRevocationMode.Off)
        {
            string why = action == CheckAction.Off ? "checks.revocation is off" : "revocation.mode is off";
            return new PolicyCheckResult(PolicyCheck.Revocation, action, null, $"Revocation was not checked: {why} in this environment.");
        }

        CheckOutcome? outcome = FindOutcome(verification, CheckNames.Revocation);
        if (verification.IsRevocationChecked && outcome is not null)
        {
            return new PolicyCheckResult(PolicyCheck.Revocation, action, outcome.Passed == true, outcome.Message);
        }

        string message = outcome?.Message
            ?? $"Revocation could not be checked because verification stopped first: {verification.StatusMessage}";
        return new PolicyCheckResult(PolicyCheck.Revocation, action, false, message);
    }

    internal static PolicyCheckResult CheckAlgorithms(VerificationResult verification, CheckAction action, EffectivePolicy policy, SignerKey key)
    {
        if (action == CheckAction.Off)
        {
            return Off(PolicyCheck.Algorithms);
        }

        var failures = new List<string>();
        string? digest = verification.HashAlgorithm?.ToLowerInvariant();
        if (digest is null || !policy.Digests.Contains(digest, StringComparer.Ordinal))
        {
            failures.Add($"The content digest is {verification.HashAlgorithm ?? "unknown"}, but the policy accepts only {string.Join(", ", policy.Digests)} (algorithms.digests).");
        }

        string? keyFailure = key.Algorithm switch
        {
            "RSA" when key.Bits < policy.MinRsaBits => $"The signer has a {key.Bits}-bit RSA key, but the policy requires at least {policy.MinRsaBits} bits (algorithms.minRsaBits).",
            "EC" when key.Bits < policy.MinEcBits => $"The signer has a {key.Bits}-bit EC key, but the policy requires at least {policy.MinEcBits} bits (algorithms.minEcBits).",
            "RSA" or "EC" => null,
            _ => $"The signer has a {key.Algorithm} key; the policy accepts only RSA and EC keys.",
        };
        if (keyFailure is not null)
        {
            failures.Add(keyFailure);
        }

        return failures.Count == 0
            ? new PolicyCheckResult(PolicyCheck.Algorithms, action, true, $"{verification.HashAlgorithm} digest and {key.Algorithm}-{key.Bits} key.")
            : new PolicyCheckResult(PolicyCheck.Algorithms, action, false, string.Join(" ", failures));
    }

    /// <summary>Deny (Audit in audit mode) when an enforced check failed; else Warn when a warned check failed; else Allow.</summary>
    internal static PolicyOutcome CombineOutcome(IEnumerable<PolicyCheckResult> checks, PolicyMode mode)
    {
        bool warned = false;
        foreach (PolicyCheckResult check in checks)
        {
            if (check.Passed != false)
            {
                continue;
            }

            if (check.Action == CheckAction.Enforce)
            {
                return Denied(mode);
            }

            warned |= check.Action == CheckAction.Warn;
        }

        return warned ? PolicyOutcome.Warn : PolicyOutcome.Allow;
    }

    private static PolicyOutcome Denied(PolicyMode mode) => mode == PolicyMode.Audit ? PolicyOutcome.Audit : PolicyOutcome.Deny;

    private static PolicyCheckResult Off(PolicyCheck check)
        => new(check, CheckAction.Off, null, $"checks.{char.ToLowerInvariant(check.ToString()[0])}{check.ToString()[1..]} is off in this environment.");

    private static PolicyCheckResult NotReached(PolicyCheck check, CheckAction action)
        => new(check, action, null, "Not checked: the content does not match its signature, so nothing else about the signature counts.");

    private static CheckOutcome? FindOutcome(VerificationResult verification, string name)
        => verification.Checks.LastOrDefault(outcome => outcome.Name == name);

    /// <summary>What the trust check found about the signer under a rule.</summary>
    /// <param name="AnchorStore">The policy trust store holding the chain's anchor; null when none does.</param>
    /// <param name="Publisher">The first of the rule's publishers that accepts the signer; null when none does.</param>
    /// <param name="Mismatches">Why each of the rule's publishers rejected the signer, when none accepted it.</param>
    internal sealed record TrustFinding(string? AnchorStore, string? Publisher, ValidationLevel Level, ValidationLevel RequiredLevel, IReadOnlyList<string> Mismatches);

    /// <summary>The signer's key algorithm (RSA, EC, or another name) and size in bits.</summary>
    internal readonly record struct SignerKey(string Algorithm, int Bits);
}
