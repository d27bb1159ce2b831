using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Tests.Policy.Resolver;

/// <summary>Builds policy documents in code, as the parser would, so the resolver is tested without YAML.</summary>
internal static class PolicyBuilder
{
    public const string FilePath = "/policies/policy.yaml";

    public static SourcePosition At(int line, int column = 5) => new(line, column);

    /// <summary>Settings that set one setting path to <paramref name="value"/>.</summary>
    public static PolicySettings Settings(string path, object value, SourcePosition position)
    {
        if (path.StartsWith("checks.", StringComparison.Ordinal))
        {
            PolicyCheck check = Enum.Parse<PolicyCheck>(path["checks.".Length..], ignoreCase: true);
            return new PolicySettings { Checks = new Dictionary<PolicyCheck, PolicyValue<CheckAction>> { [check] = new((CheckAction)value, position) } };
        }

        return path switch
        {
            "revocation.mode" => new PolicySettings { RevocationMode = new((PolicyRevocationMode)value, position) },
            "revocation.crls" => new PolicySettings { Crls = ((string[])value).Select(crl => new PolicyValue<string>(crl, position)).ToArray() },
            "algorithms.digests" => new PolicySettings { Digests = new((IReadOnlyList<string>)value, position) },
            "algorithms.minRsaBits" => new PolicySettings { MinRsaBits = new((int)value, position) },
            "algorithms.minEcBits" => new PolicySettings { MinEcBits = new((int)value, position) },
            "unsigned" => new PolicySettings { Unsigned = new((UnsignedAction)value, position) },
            "uncovered" => new PolicySettings { Uncovered = new((UncoveredAction)value, position) },
            "minimumLevel" => new PolicySettings { MinimumLevel = new((ValidationLevel)value, position) },
            _ => throw new ArgumentException($"No setting '{path}'.", nameof(path)),
        };
    }

    public static EnvironmentDefinition Environment(
        string name,
        int line,
        string? extends = null,
        PolicySettings? settings = null,
        PolicyMode? mode = null,
        IReadOnlyDictionary<string, PolicyValue<ValidationLevel>>? ruleLevels = null,
        IReadOnlyList<PolicyOverride>? overrides = null) =>
        new(
            name,
            At(line, 3),
            extends is null ? null : new PolicyValue<string>(extends, At(line + 1, 14)),
            mode is null ? null : new PolicyValue<PolicyMode>(mode.Value, At(line + 2, 11)),
            settings ?? new PolicySettings(),
            ruleLevels ?? new Dictionary<string, PolicyValue<ValidationLevel>>(),
            overrides ?? []);

    public static PolicyOverride Override(string setting, object value, int line, string reason = "accepted for a migration") =>
        new(At(line, 9), new PolicyValue<string>(setting, At(line, 20)), new PolicyValue<object>(value, At(line, 40)), new PolicyValue<string>(reason, At(line, 60)));

    public static RuleDefinition Rule(string name, int index, ValidationLevel? minimumLevel = null) =>
        new(
            name,
            index,
            At(100 + (index * 10), 5),
            [new PolicyValue<string>("**/*.ps1", At(101 + (index * 10), 15))],
            [],
            [new PolicyValue<string>("team", At(102 + (index * 10), 17))],
            minimumLevel is null ? null : new PolicyValue<ValidationLevel>(minimumLevel.Value, At(103 + (index * 10), 19)));

    public static PolicyDocument Document(PolicySettings? defaults, params EnvironmentDefinition[] environments) =>
        Document(defaults, [], environments);

    public static PolicyDocument Document(PolicySettings? defaults, IReadOnlyList<RuleDefinition> rules, params EnvironmentDefinition[] environments) => new()
    {
        FilePath = FilePath,
        Version = new PolicyValue<int>(1, At(1, 10)),
        Defaults = defaults ?? new PolicySettings(),
        Rules = rules,
        Environments = environments,
    };

    /// <summary>Resolves and returns the result with the problems found.</summary>
    public static (EffectivePolicy? Policy, List<PolicyError> Errors) Resolve(PolicyDocument document, string? environment)
    {
        List<PolicyError> errors = [];
        EffectivePolicy? policy = EnvironmentResolver.Resolve(document, environment, errors);
        return (policy, errors);
    }

    public static EffectiveSetting Row(EffectivePolicy policy, string setting) =>
        Assert.Single(policy.Explanation, row => row.Setting == setting);
}
