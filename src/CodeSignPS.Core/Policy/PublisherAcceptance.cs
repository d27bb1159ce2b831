using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Decides whether a certificate would be accepted as a publisher in an environment, before it signs
/// anything: its chain is built against the policy's code signing stores, its level comes from the
/// store the chain ends in, and each rule accepts it when one of the rule's publishers matches and the
/// level reaches the rule's effective minimum in that environment.
/// </summary>
public static class PublisherAcceptance
{
    /// <param name="certificate">The certificate to judge.</param>
    /// <param name="source">Where it came from, for the result: a file path or <c>Pipeline</c>.</param>
    /// <param name="policy">The environment's effective policy.</param>
    /// <param name="material">The policy's trust stores, loaded.</param>
    /// <param name="verificationTime">The time the chain is checked at, usually now.</param>
    /// <param name="extraCertificates">Intermediate certificates that help build the chain, if any.</param>
    public static PublisherAcceptanceResult Test(
        X509Certificate2 certificate,
        string source,
        EffectivePolicy policy,
        PolicyTrustMaterial material,
        DateTime verificationTime,
        X509Certificate2Collection? extraCertificates = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(material);

        var validator = new ChainValidator(material.CodeSigningStores, useSystemTrust: false);
        ChainResult chain = validator.Validate(certificate, extraCertificates ?? [], verificationTime);
        PolicyTrustStore? anchorStore = chain.IsTrusted ? material.FindAnchorStore(chain.Chain) : null;
        var reasons = new List<string>();
        bool chainAcceptable = JudgeChain(chain, anchorStore, policy, reasons);

        ValidationLevel level = PolicyLevelClassifier.Classify(certificate, anchorStore, policy.Document.Levels);
        string levelReason = PolicyLevelClassifier.Describe(certificate, anchorStore, policy.Document.Levels);
        RuleAcceptance[] rules = policy.Document.Rules
            .OrderBy(rule => rule.Index)
            .Select(rule => JudgeRule(rule, certificate, anchorStore, level, levelReason, policy))
            .ToArray();
        reasons.AddRange(rules.SelectMany(rule => rule.Reasons.Select(reason => $"Rule '{rule.Rule}': {reason}")));
        if (rules.Length == 0)
        {
            reasons.Add($"The policy file '{policy.Document.FilePath}' has no rules, so it accepts no publisher; add a rule that names one.");
        }

        return new PublisherAcceptanceResult
        {
            Source = source,
            Certificate = certificate,
            Environment = policy.Environment ?? "defaults",
            Accepted = chainAcceptable && rules.Any(rule => rule.Accepted),
            ChainTrusted = anchorStore is not null,
            TrustStore = anchorStore?.Definition.Name,
            Level = level,
            LevelReason = levelReason,
            Rules = rules,
            Reasons = reasons,
        };
    }

    /// <summary>Adds the chain's reasons; false when the chain alone keeps the certificate out.</summary>
    private static bool JudgeChain(ChainResult chain, PolicyTrustStore? anchorStore, EffectivePolicy policy, List<string> reasons)
    {
        if (!chain.IsTrusted || anchorStore is null)
        {
            string stores = string.Join(", ", policy.Document.TrustStores
                .Where(store => store.Role.Value == TrustStoreRole.CodeSigning)
                .Select(store => $"'{store.Name}'"));
            reasons.Add($"{chain.FailureMessage ?? "The chain does not end in a code signing trust store of the policy."} " +
                $"The policy's code signing trust stores are: {(stores.Length == 0 ? "none" : stores)}.");
            return false;
        }

        if (!chain.IsTimeValid)
        {
            // An expired certificate can sign nothing new. Whether that keeps it out follows the
            // environment's expiry check, as it would for a signed artifact.
            bool enforced = policy.ActionFor(PolicyCheck.Expiry) == CheckAction.Enforce;
            reasons.Add($"{chain.FailureMessage} The environment's expiry check is {policy.ActionFor(PolicyCheck.Expiry).ToString().ToLowerInvariant()}.");
            return !enforced;
        }

        return true;
    }

    private static RuleAcceptance JudgeRule(
        RuleDefinition rule,
        X509Certificate2 certificate,
        PolicyTrustStore? anchorStore,
        ValidationLevel level,
        string levelReason,
        EffectivePolicy policy)
    {
        var reasons = new List<string>();
        string? matched = null;
        foreach (PolicyValue<string> name in rule.Publishers)
        {
            PublisherDefinition? publisher = policy.Document.Publishers.FirstOrDefault(candidate => candidate.Name == name.Value);
            IReadOnlyList<string> mismatches = publisher is null
                ? [$"It names the publisher '{name.Value}' ({name.Position}), which the policy does not define."]
                : PublisherMatcher.FindMismatches(publisher, certificate, anchorStore);
            if (mismatches.Count == 0)
            {
                matched ??= name.Value;
            }

            reasons.AddRange(mismatches);
        }

        if (rule.Publishers.Count == 0)
        {
            reasons.Add("It names no publisher, so it accepts no certificate.");
        }

        ValidationLevel minimum = policy.MinimumLevelFor(rule);
        bool levelMet = level >= minimum;
        if (!levelMet)
        {
            string where = policy.Environment is null ? "the defaults" : $"environment '{policy.Environment}'";
            reasons.Add($"It needs level {minimum} or higher in {where}, but the certificate is {levelReason}.");
        }

        return new RuleAcceptance(rule.Name, matched is not null && levelMet, matched, minimum, reasons);
    }
}
