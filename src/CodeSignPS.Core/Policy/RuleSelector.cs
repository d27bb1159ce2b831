namespace CodeSignPS.Core.Policy;

/// <summary>
/// Picks the rule that covers an artifact: among rules with an include pattern matching the path and no
/// exclude pattern matching it, the one whose matching include pattern has the most characters outside
/// wildcards; on a tie, the earlier rule.
/// </summary>
public sealed class RuleSelector
{
    public RuleSelector(IReadOnlyList<RuleDefinition> rules) => throw new NotImplementedException("Contract placeholder.");

    /// <summary>The covering rule for a path relative to the artifact root (<c>/</c> separators), or null.</summary>
    public RuleMatch? Select(string relativePath) => throw new NotImplementedException("Contract placeholder.");

    /// <summary>Pairs of rules whose include patterns can match the same file, as warnings located at the later rule.</summary>
    public IReadOnlyList<PolicyWarning> FindOverlaps(string policyFile) => throw new NotImplementedException("Contract placeholder.");
}
