using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Applies one layer to the settings resolved so far: the <c>defaults</c> block, which may set
/// anything, or an environment, which may only tighten what it inherits unless an override says why.
/// </summary>
internal static class EnvironmentLayer
{
    private const string DefaultsName = "defaults";

    public static void ApplyDefaults(ResolverState state, PolicySettings defaults, ResolverErrors errors)
    {
        foreach (SettingDefinition definition in SettingDefinition.All)
        {
            if (definition.Read(defaults) is { } set)
            {
                if (IsIntegrityLoosened(definition, set, DefaultsName, errors))
                {
                    continue;
                }

                state.Set(definition.Path, new ResolvedSetting(set.Value, SettingOrigin.Defaults, DefaultsName, set.Position, null));
            }
        }

        if (defaults.Crls is { } crls)
        {
            state.AddCrls(crls, SettingOrigin.Defaults, DefaultsName);
        }
    }

    public static void ApplyEnvironment(ResolverState state, EnvironmentDefinition environment, IReadOnlyList<RuleDefinition> rules, ResolverErrors errors)
    {
        Dictionary<string, PolicyOverride> overrides = OverrideValidator.Collect(environment, rules, errors);

        if (environment.Mode is { } mode)
        {
            state.SetMode(new ResolvedSetting(mode.Value, SettingOrigin.Environment, environment.Name, mode.Position, null));
        }

        foreach (SettingDefinition definition in SettingDefinition.All)
        {
            if (definition.Read(environment.Settings) is not { } set)
            {
                continue;
            }

            if (IsIntegrityLoosened(definition, set, $"Environment '{environment.Name}'", errors))
            {
                continue;
            }

            ResolvedSetting inherited = state.Get(definition.Path);
            if (definition.IsLooser(inherited.Value, set.Value) && !overrides.ContainsKey(definition.Path))
            {
                ReportLoosened(environment, definition.Path, inherited, set.Value, set.Position, errors);
            }

            state.Set(definition.Path, new ResolvedSetting(set.Value, SettingOrigin.Environment, environment.Name, set.Position, null));
        }

        if (environment.Settings.Crls is { } crls)
        {
            state.AddCrls(crls, SettingOrigin.Environment, environment.Name);
        }

        ApplyRuleLevels(state, environment, overrides, errors);
        ApplyOverrides(state, environment, overrides);
    }

    private static void ApplyRuleLevels(ResolverState state, EnvironmentDefinition environment, Dictionary<string, PolicyOverride> overrides, ResolverErrors errors)
    {
        foreach ((string rule, PolicyValue<ValidationLevel> level) in environment.RuleMinimumLevels)
        {
            string path = SettingValues.RuleLevelPath(rule);
            if (state.GetRuleLevel(rule) is { } inherited && level.Value < (ValidationLevel)inherited.Value && !overrides.ContainsKey(path))
            {
                ReportLoosened(environment, path, inherited, level.Value, level.Position, errors);
            }

            state.SetRuleLevel(rule, new ResolvedSetting(level.Value, SettingOrigin.Environment, environment.Name, level.Position, null));
        }
    }

    // Overrides come last, so their value wins over the environment's own setting of the same path.
    private static void ApplyOverrides(ResolverState state, EnvironmentDefinition environment, Dictionary<string, PolicyOverride> overrides)
    {
        foreach ((string path, PolicyOverride entry) in overrides)
        {
            ResolvedSetting setting = new(entry.Value.Value, SettingOrigin.Override, environment.Name, entry.Position, entry.Reason.Value);
            if (SettingValues.TryGetRuleName(path) is { } rule)
            {
                state.SetRuleLevel(rule, setting);
            }
            else
            {
                state.Set(path, setting);
            }
        }
    }

    // The parser rejects any other value for checks.integrity; this keeps a document built in code
    // from turning integrity off behind the parser's back.
    private static bool IsIntegrityLoosened(SettingDefinition definition, (object Value, SourcePosition Position) set, string where, ResolverErrors errors)
    {
        if (definition.Path != SettingValues.CheckPath(PolicyCheck.Integrity) || (CheckAction)set.Value == CheckAction.Enforce)
        {
            return false;
        }

        errors.Report(
            set.Position,
            "IntegrityNotEnforced",
            $"{where} sets checks.integrity to {SettingValues.Format(set.Value)}, but integrity is always enforced. Remove the setting or set it to enforce.");
        return true;
    }

    private static void ReportLoosened(EnvironmentDefinition environment, string path, ResolvedSetting inherited, object value, SourcePosition position, ResolverErrors errors)
    {
        string written = SettingValues.Format(value);
        errors.Report(
            position,
            "LoosenedSetting",
            $"Environment '{environment.Name}' sets {path} to {written}, which is looser than {SettingValues.Format(inherited.Value)} set by {inherited.Describe()}. "
            + $"An environment may only tighten what it extends. To loosen it on purpose, add an entry to the overrides of '{environment.Name}': "
            + $"{{ setting: {path}, value: {written}, reason: \"why this is acceptable\" }}.");
    }
}
