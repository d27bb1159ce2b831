using CodeSignPS.Core.Policy.Matching;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Picks the rule that covers an artifact: among rules with an include pattern matching the path and no
/// exclude pattern matching it, the one whose matching include pattern has the most characters outside
/// wildcards; on a tie, the earlier rule.
/// </summary>
/// <remarks>
/// Patterns follow <see cref="GlobPattern"/>: ordinal, case-sensitive matching over <c>/</c>-separated
/// paths, as paths behave on Linux. An exclude pattern takes a file out of its own rule only; another
/// rule may still cover it. Invalid patterns never match; the policy loader reports them as
/// <c>InvalidPattern</c> through <see cref="GlobPattern.TryParse"/>. The selector is immutable and safe
/// to use from many threads.
/// </remarks>
public sealed class RuleSelector
{
    private readonly CompiledRule[] _rules;

    public RuleSelector(IReadOnlyList<RuleDefinition> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules.OrderBy(rule => rule.Index).Select(rule => new CompiledRule(rule)).ToArray();
    }

    /// <summary>The covering rule for a path relative to the artifact root (<c>/</c> separators), or null.</summary>
    public RuleMatch? Select(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        CompiledRule? winner = null;
        GlobPattern? winningPattern = null;
        foreach (CompiledRule rule in _rules)
        {
            // Rules are in file order, so only a strictly more specific pattern displaces an earlier rule.
            GlobPattern? pattern = rule.BestInclude(relativePath);
            if (pattern is not null && (winningPattern is null || pattern.Specificity > winningPattern.Specificity))
            {
                winner = rule;
                winningPattern = pattern;
            }
        }

        return winner is null ? null : new RuleMatch(winner.Definition, winningPattern!.Text);
    }

    /// <summary>Pairs of rules whose include patterns can match the same file, as warnings located at the later rule.</summary>
    /// <remarks>
    /// The test is exact for the include patterns: a warning means some path matches an include pattern
    /// of both rules, and the message gives one such path. Exclude patterns are not taken into account,
    /// so a pair whose excludes keep them apart is still reported. One warning per pair of rules, at the
    /// later rule's first overlapping include pattern.
    /// </remarks>
    public IReadOnlyList<PolicyWarning> FindOverlaps(string policyFile)
    {
        var warnings = new List<PolicyWarning>();
        for (int later = 1; later < _rules.Length; later++)
        {
            for (int earlier = 0; earlier < later; earlier++)
            {
                PolicyWarning? warning = FindOverlap(policyFile, _rules[earlier], _rules[later]);
                if (warning is not null)
                {
                    warnings.Add(warning);
                }
            }
        }

        return warnings;
    }

    private static PolicyWarning? FindOverlap(string policyFile, CompiledRule earlier, CompiledRule later)
    {
        foreach ((GlobPattern laterPattern, PolicyValue<string> source) in later.Include)
        {
            foreach ((GlobPattern earlierPattern, _) in earlier.Include)
            {
                string? example = earlierPattern.FindCommonPath(laterPattern);
                if (example is null)
                {
                    continue;
                }

                string winner = laterPattern.Specificity > earlierPattern.Specificity
                    ? $"'{later.Definition.Name}' wins for such a file, its pattern having more characters outside wildcards"
                    : laterPattern.Specificity < earlierPattern.Specificity
                        ? $"'{earlier.Definition.Name}' wins for such a file, its pattern having more characters outside wildcards"
                        : $"'{earlier.Definition.Name}' wins for such a file, being earlier with an equally specific pattern";
                string message =
                    $"Rule '{later.Definition.Name}' (include '{laterPattern.Text}') and rule '{earlier.Definition.Name}' " +
                    $"(include '{earlierPattern.Text}', line {earlier.Definition.Position.Line}) can match the same file, such as '{example}'; " +
                    $"{winner}. If that is intended, nothing needs to change; otherwise narrow a pattern or add an exclude pattern.";
                return new PolicyWarning(policyFile, source.Position.Line, source.Position.Column, "RuleOverlap", message);
            }
        }

        return null;
    }
}
