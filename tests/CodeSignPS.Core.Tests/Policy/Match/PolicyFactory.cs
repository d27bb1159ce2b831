using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Tests.Policy.Match;

/// <summary>Builds policy model objects in code, as the loader would, so match tests do not depend on YAML.</summary>
internal static class PolicyFactory
{
    public static readonly SourcePosition At = new(1, 1);

    public static PolicyValue<T> Value<T>(T value, int line = 1) => new(value, new SourcePosition(line, 3));

    public static IReadOnlyList<PolicyValue<string>> Values(params string[] values)
        => values.Select((value, index) => Value(value, index + 1)).ToArray();

    public static RuleDefinition Rule(string name, int index, string[] include, string[]? exclude = null, string[]? publishers = null, ValidationLevel? minimumLevel = null)
        => new(
            name,
            index,
            new SourcePosition(10 + index, 5),
            include.Select(pattern => Value(pattern, 10 + index)).ToArray(),
            Values(exclude ?? []),
            Values(publishers ?? []),
            minimumLevel is { } level ? Value(level) : null);

    public static TrustStoreDefinition Store(string name, TrustStoreClass storeClass, TrustStoreRole role = TrustStoreRole.CodeSigning, params string[] certificates)
        => new(name, new SourcePosition(4, 3), Value(role), Value(storeClass), certificates.Select(file => Value(file, 5)).ToArray());

    public static PublisherDefinition Publisher(
        string name,
        string[] trustStores,
        NameConstraint? subject = null,
        NameConstraint? issuer = null,
        string[]? thumbprints = null,
        string[]? pins = null,
        string[]? policyOids = null)
        => new(name, At, Values(trustStores), subject, issuer, Values(thumbprints ?? []), Values(pins ?? []), Values(policyOids ?? []));

    /// <summary>A name constraint from pairs such as ("O", "Contoso Ltd"); a value with '|' lists several values.</summary>
    public static NameConstraint Names(params (string Attribute, string Values)[] attributes)
        => new(At, attributes.Select(pair => new NameAttributeConstraint(pair.Attribute, pair.Values.Split('|'), At)).ToArray());

    public static PolicyDocument Document(
        string filePath,
        TrustStoreDefinition[]? stores = null,
        PublisherDefinition[]? publishers = null,
        RuleDefinition[]? rules = null,
        LevelDefinitions? levels = null,
        PolicySettings? defaults = null)
        => new()
        {
            FilePath = filePath,
            Version = Value(1),
            TrustStores = stores ?? [],
            Publishers = publishers ?? [],
            Rules = rules ?? [],
            Levels = levels ?? new LevelDefinitions(),
            Defaults = defaults ?? new PolicySettings(),
        };

    /// <summary>The built-in defaults as the resolver would produce them, with the given overrides.</summary>
    public static EffectivePolicy Effective(
        PolicyDocument document,
        string? environment = "prod",
        ValidationLevel minimumLevel = ValidationLevel.Unknown,
        IReadOnlyDictionary<string, ValidationLevel>? ruleMinimumLevels = null,
        PolicyRevocationMode revocationMode = PolicyRevocationMode.Off,
        string[]? crlPatterns = null,
        CheckAction expiry = CheckAction.Enforce)
        => new()
        {
            Document = document,
            Environment = environment,
            Checks = new Dictionary<PolicyCheck, CheckAction>
            {
                [PolicyCheck.Integrity] = CheckAction.Enforce,
                [PolicyCheck.Trust] = CheckAction.Enforce,
                [PolicyCheck.Timestamp] = CheckAction.Warn,
                [PolicyCheck.Expiry] = expiry,
                [PolicyCheck.Revocation] = CheckAction.Off,
                [PolicyCheck.Algorithms] = CheckAction.Enforce,
            },
            Digests = ["sha256", "sha384", "sha512"],
            MinRsaBits = 2048,
            MinEcBits = 256,
            MinimumLevel = minimumLevel,
            RuleMinimumLevels = ruleMinimumLevels ?? new Dictionary<string, ValidationLevel>(),
            RevocationMode = revocationMode,
            CrlPatterns = crlPatterns ?? [],
        };
}
