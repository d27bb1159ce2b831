namespace CodeSignPS.Core.Policy;

/// <summary>Checks an environment's overrides and indexes the usable ones by setting path.</summary>
internal static class OverrideValidator
{
    /// <summary>
    /// Returns the environment's overrides by setting path, leaving out (and reporting) those that
    /// name checks.integrity, a setting that cannot be overridden, a missing rule, or a value of the
    /// wrong type, and every override after the first of one setting.
    /// </summary>
    public static Dictionary<string, PolicyOverride> Collect(EnvironmentDefinition environment, IReadOnlyList<RuleDefinition> rules, ResolverErrors errors)
    {
        Dictionary<string, PolicyOverride> overrides = new(StringComparer.Ordinal);
        foreach (PolicyOverride entry in environment.Overrides)
        {
            string path = entry.Setting.Value;
            if (!IsUsable(environment, entry, rules, errors))
            {
                continue;
            }

            if (!overrides.TryAdd(path, entry))
            {
                errors.Report(
                    entry.Setting.Position,
                    "DuplicateName",
                    $"Environment '{environment.Name}' overrides {path} twice; the first override is at {overrides[path].Position}. Keep one override per setting.");
            }
        }

        return overrides;
    }

    private static bool IsUsable(EnvironmentDefinition environment, PolicyOverride entry, IReadOnlyList<RuleDefinition> rules, ResolverErrors errors)
    {
        string path = entry.Setting.Value;
        if (path == SettingValues.CheckPath(PolicyCheck.Integrity))
        {
            errors.Report(
                entry.Setting.Position,
                "IntegrityNotEnforced",
                $"Environment '{environment.Name}' has an override of checks.integrity, but integrity is always enforced and no override may name it. Remove this override.");
            return false;
        }

        if (SettingValues.TryGetRuleName(path) is { } rule)
        {
            return IsUsableRuleOverride(environment, entry, rule, rules, errors);
        }

        if (SettingDefinition.Find(path) is not { } definition)
        {
            errors.Report(
                entry.Setting.Position,
                "UnknownSetting",
                $"Environment '{environment.Name}' overrides '{path}', which is not a setting an override can set. "
                + $"Use one of: {string.Join(", ", SettingDefinition.All.Select(candidate => candidate.Path).Where(candidate => candidate != SettingValues.CheckPath(PolicyCheck.Integrity)))}, rules.<rule>.minimumLevel.");
            return false;
        }

        return HasType(environment, entry, definition.Accepts(entry.Value.Value), SettingValues.Format(definition.BuiltIn), errors);
    }

    private static bool IsUsableRuleOverride(EnvironmentDefinition environment, PolicyOverride entry, string rule, IReadOnlyList<RuleDefinition> rules, ResolverErrors errors)
    {
        if (!rules.Any(candidate => candidate.Name == rule))
        {
            string known = string.Join(", ", rules.Select(candidate => candidate.Name));
            errors.Report(
                entry.Setting.Position,
                "UnknownRule",
                $"Environment '{environment.Name}' overrides {entry.Setting.Value}, but the file has no rule '{rule}'; its rules are: {(known.Length == 0 ? "none" : known)}. Name one of them.");
            return false;
        }

        return HasType(environment, entry, entry.Value.Value is Trust.ValidationLevel, "EV", errors);
    }

    private static bool HasType(EnvironmentDefinition environment, PolicyOverride entry, bool accepted, string example, ResolverErrors errors)
    {
        if (!accepted)
        {
            errors.Report(
                entry.Value.Position,
                "InvalidValue",
                $"Environment '{environment.Name}' overrides {entry.Setting.Value} with '{SettingValues.Format(entry.Value.Value)}', which is not a value of that setting. Give a value such as {example}.");
        }

        return accepted;
    }
}
