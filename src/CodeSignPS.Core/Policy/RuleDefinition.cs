using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>An entry of <c>rules</c>: which artifacts need which publishers.</summary>
/// <param name="Index">Position among the rules, from 0; the earlier rule wins a tie.</param>
/// <param name="Include">Glob patterns relative to the artifact root, with <c>/</c> as separator.</param>
/// <param name="Exclude">Glob patterns that take files out of this rule's scope.</param>
public sealed record RuleDefinition(
    string Name,
    int Index,
    SourcePosition Position,
    IReadOnlyList<PolicyValue<string>> Include,
    IReadOnlyList<PolicyValue<string>> Exclude,
    IReadOnlyList<PolicyValue<string>> Publishers,
    PolicyValue<ValidationLevel>? MinimumLevel);
