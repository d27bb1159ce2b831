using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>An entry of <c>environments</c>: settings that tighten what it extends (or <c>defaults</c>).</summary>
/// <param name="RuleMinimumLevels">The <c>rules</c> map: a minimum level for a named rule in this environment.</param>
/// <param name="Overrides">Explicit loosenings, each with a reason.</param>
public sealed record EnvironmentDefinition(
    string Name,
    SourcePosition Position,
    PolicyValue<string>? Extends,
    PolicyValue<PolicyMode>? Mode,
    PolicySettings Settings,
    IReadOnlyDictionary<string, PolicyValue<ValidationLevel>> RuleMinimumLevels,
    IReadOnlyList<PolicyOverride> Overrides);
