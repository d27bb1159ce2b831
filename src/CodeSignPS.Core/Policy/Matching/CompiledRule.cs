namespace CodeSignPS.Core.Policy.Matching;

/// <summary>A rule with its include and exclude patterns parsed; invalid patterns are left out (the loader reports them).</summary>
internal sealed class CompiledRule
{
    internal CompiledRule(RuleDefinition definition)
    {
        Definition = definition;
        Include = Compile(definition.Include);
        Exclude = Compile(definition.Exclude).Select(pair => pair.Pattern).ToArray();
    }

    internal RuleDefinition Definition { get; }

    internal IReadOnlyList<(GlobPattern Pattern, PolicyValue<string> Source)> Include { get; }

    internal IReadOnlyList<GlobPattern> Exclude { get; }

    /// <summary>The most specific include pattern matching the path, or null when none does or an exclude pattern matches.</summary>
    internal GlobPattern? BestInclude(string relativePath)
    {
        GlobPattern? best = null;
        foreach ((GlobPattern pattern, _) in Include)
        {
            if ((best is null || pattern.Specificity > best.Specificity) && pattern.IsMatch(relativePath))
            {
                best = pattern;
            }
        }

        if (best is null)
        {
            return null;
        }

        foreach (GlobPattern exclude in Exclude)
        {
            if (exclude.IsMatch(relativePath))
            {
                return null;
            }
        }

        return best;
    }

    private static (GlobPattern Pattern, PolicyValue<string> Source)[] Compile(IReadOnlyList<PolicyValue<string>> patterns)
    {
        var compiled = new List<(GlobPattern, PolicyValue<string>)>();
        foreach (PolicyValue<string> value in patterns)
        {
            if (GlobPattern.TryParse(value.Value, out GlobPattern? pattern, out _))
            {
                compiled.Add((pattern!, value));
            }
        }

        return compiled.ToArray();
    }
}
