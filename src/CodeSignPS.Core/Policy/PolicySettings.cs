using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// The settings a <c>defaults</c> block or an environment may set; null means not set there.
/// Setting names used in overrides and messages are the YAML paths: <c>checks.trust</c>,
/// <c>revocation.mode</c>, <c>revocation.crls</c>, <c>algorithms.digests</c>, <c>algorithms.minRsaBits</c>,
/// <c>algorithms.minEcBits</c>, <c>unsigned</c>, <c>uncovered</c>, <c>minimumLevel</c>.
/// </summary>
public sealed class PolicySettings
{
    public IReadOnlyDictionary<PolicyCheck, PolicyValue<CheckAction>> Checks { get; init; } = new Dictionary<PolicyCheck, PolicyValue<CheckAction>>();

    public PolicyValue<PolicyRevocationMode>? RevocationMode { get; init; }

    /// <summary>CRL files relative to the policy file, wildcards allowed; an environment's list adds to the one it inherits.</summary>
    public IReadOnlyList<PolicyValue<string>>? Crls { get; init; }

    /// <summary>Accepted digest names in lower case (sha256, sha384, sha512, sha1, md5), as one value.</summary>
    public PolicyValue<IReadOnlyList<string>>? Digests { get; init; }

    public PolicyValue<int>? MinRsaBits { get; init; }

    public PolicyValue<int>? MinEcBits { get; init; }

    public PolicyValue<UnsignedAction>? Unsigned { get; init; }

    public PolicyValue<UncoveredAction>? Uncovered { get; init; }

    /// <summary>A floor for every rule; the effective minimum of a rule is the highest that applies.</summary>
    public PolicyValue<ValidationLevel>? MinimumLevel { get; init; }
}
