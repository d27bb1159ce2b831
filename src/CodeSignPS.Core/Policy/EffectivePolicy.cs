using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// The settings one environment applies once <c>extends</c>, its own settings and its overrides are
/// resolved over <c>defaults</c> and the built-in defaults. Built by the environment resolver.
/// </summary>
public sealed class EffectivePolicy
{
    public required PolicyDocument Document { get; init; }

    /// <summary>The environment's name, or null for the <c>defaults</c> block alone.</summary>
    public string? Environment { get; init; }

    public PolicyMode Mode { get; init; }

    /// <summary>An action for every <see cref="PolicyCheck"/>; integrity is always Enforce.</summary>
    public required IReadOnlyDictionary<PolicyCheck, CheckAction> Checks { get; init; }

    public PolicyRevocationMode RevocationMode { get; init; }

    /// <summary>CRL file patterns relative to the policy file, from defaults and every environment on the way.</summary>
    public IReadOnlyList<string> CrlPatterns { get; init; } = [];

    /// <summary>Accepted digest names in lower case.</summary>
    public required IReadOnlyList<string> Digests { get; init; }

    public int MinRsaBits { get; init; }

    public int MinEcBits { get; init; }

    public UnsignedAction Unsigned { get; init; }

    public UncoveredAction Uncovered { get; init; }

    /// <summary>The environment-wide floor (the <c>minimumLevel</c> setting); Unknown when none.</summary>
    public ValidationLevel MinimumLevel { get; init; }

    /// <summary>Per-rule floors set by this environment or one it extends, by rule name.</summary>
    public IReadOnlyDictionary<string, ValidationLevel> RuleMinimumLevels { get; init; } = new Dictionary<string, ValidationLevel>();

    /// <summary>Every setting with its value and origin, for <c>Get-CodeSigningPolicy -Explain</c>.</summary>
    public IReadOnlyList<EffectiveSetting> Explanation { get; init; } = [];

    /// <summary>The effective minimum of a rule: the highest of the rule's own, the environment's, and the environment's for that rule.</summary>
    public ValidationLevel MinimumLevelFor(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ValidationLevel level = MinimumLevel;
        if (rule.MinimumLevel is { } own && own.Value > level)
        {
            level = own.Value;
        }

        if (RuleMinimumLevels.TryGetValue(rule.Name, out ValidationLevel forRule) && forRule > level)
        {
            level = forRule;
        }

        return level;
    }

    public CheckAction ActionFor(PolicyCheck check) => check == PolicyCheck.Integrity ? CheckAction.Enforce : Checks[check];
}
