using System.Text.RegularExpressions;
using CodeSignPS.Core.Policy.Yaml;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>Rules, environments with their overrides, and exceptions.</summary>
public sealed partial class PolicyParser
{
    private static readonly string[] EnvironmentOnlyKeys = ["extends", "mode", "rules", "overrides"];

    private static readonly IReadOnlyDictionary<string, PolicyMode> Modes = new Dictionary<string, PolicyMode>
    {
        ["enforce"] = PolicyMode.Enforce, ["audit"] = PolicyMode.Audit,
    };

    private List<RuleDefinition>? ParseRules(PolicyYamlNode node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        return ReadList(node, "'rules'", 0, item =>
        {
            Dictionary<string, PolicyYamlNode>? map = ReadMapping(item, "a rule", ["name", "include", "exclude", "publishers", "minimumLevel"], ["name", "include", "publishers"]);
            PolicyValue<string>? name = map is null ? null : Read(map, "name", value => CheckName(value, "'rules'"));
            if (map is null || name is null)
            {
                return null;
            }

            if (!names.Add(name.Value))
            {
                AddError(name.Position, "DuplicateName", $"A second rule is named '{name.Value}'; rule names identify a rule in environments and reports. Rename one of them.");
            }

            string label = $"the rule '{name.Value}'";
            return new RuleDefinition(
                name.Value,
                index++,
                item.Position,
                Read(map, "include", value => ReadList(value, $"'include' of {label}", 1, pattern => ReadPattern(pattern, "the include pattern"))) ?? [],
                Read(map, "exclude", value => ReadList(value, $"'exclude' of {label}", 0, pattern => ReadPattern(pattern, "the exclude pattern"))) ?? [],
                Read(map, "publishers", value => ReadList(value, $"'publishers' of {label}", 1, publisher => ReadText(publisher, "a publisher name"))) ?? [],
                Read(map, "minimumLevel", ReadLevel));
        });
    }

    private List<EnvironmentDefinition>? ParseEnvironments(PolicyYamlNode node)
    {
        var environments = new List<EnvironmentDefinition>();
        foreach ((PolicyValue<string> name, PolicyYamlNode value) in ReadNamedEntries(node, "'environments'") ?? [])
        {
            string label = $"the environment '{name.Value}'";
            Dictionary<string, PolicyYamlNode>? map = ReadMapping(value, label, [.. SettingKeys, .. EnvironmentOnlyKeys], []);
            if (map is null)
            {
                continue;
            }

            environments.Add(new EnvironmentDefinition(
                name.Value,
                name.Position,
                Read(map, "extends", item => ReadText(item, $"'extends' of {label}")),
                Read(map, "mode", item => ReadEnum(item, $"'mode' of {label}", Modes)),
                ParseSettings(map, label),
                Read(map, "rules", item => ParseRuleLevels(item, label)) ?? new Dictionary<string, PolicyValue<ValidationLevel>>(),
                Read(map, "overrides", item => ReadList(item, $"'overrides' of {label}", 0, entry => ParseOverride(entry, label))) ?? []));
        }

        return environments;
    }

    private Dictionary<string, PolicyValue<ValidationLevel>>? ParseRuleLevels(PolicyYamlNode node, string label)
    {
        var levels = new Dictionary<string, PolicyValue<ValidationLevel>>(StringComparer.Ordinal);
        foreach ((PolicyValue<string> rule, PolicyYamlNode value) in ReadNamedEntries(node, $"'rules' of {label}") ?? [])
        {
            Dictionary<string, PolicyYamlNode>? map = ReadMapping(value, $"'rules.{rule.Value}' of {label}", ["minimumLevel"], ["minimumLevel"]);
            // At the key's position, so that an unknown rule is reported where its name is written; kept
            // with Unknown after an error (already reported), so that the name is still checked.
            ValidationLevel level = map is null ? ValidationLevel.Unknown : Read(map, "minimumLevel", ReadLevel)?.Value ?? ValidationLevel.Unknown;
            levels[rule.Value] = new PolicyValue<ValidationLevel>(level, rule.Position);
        }

        return levels;
    }

    private PolicyOverride? ParseOverride(PolicyYamlNode node, string label)
    {
        Dictionary<string, PolicyYamlNode>? map = ReadMapping(node, $"an override of {label}", ["setting", "value", "reason"], ["setting", "value", "reason"]);
        if (map is null)
        {
            return null;
        }

        PolicyValue<string>? setting = Read(map, "setting", item => ReadText(item, "'setting' of an override"));
        PolicyValue<string>? reason = Read(map, "reason", item => ReadText(item, "'reason' of an override"));
        if (setting is null || !IsOverridableSetting(setting))
        {
            return null;
        }

        // Kept with a stand-in value or reason after an error (already reported), so that its rule name is still checked.
        PolicyValue<object> value = map.TryGetValue("value", out PolicyYamlNode? valueNode) && ReadSettingValue(setting.Value, valueNode) is { } typed
            ? new PolicyValue<object>(typed, valueNode.Position)
            : new PolicyValue<object>(string.Empty, node.Position);
        return new PolicyOverride(node.Position, setting, value, reason ?? new PolicyValue<string>(string.Empty, node.Position));
    }

    private bool IsOverridableSetting(PolicyValue<string> setting)
    {
        if (setting.Value == "checks.integrity")
        {
            AddError(setting.Position, "IntegrityNotEnforced", "An override names 'checks.integrity'; the integrity check is always enforced and no override can change it. Remove this override.");
            return false;
        }

        if (OverridableSettings.Contains(setting.Value) || RuleLevelSetting().IsMatch(setting.Value))
        {
            return true;
        }

        string crlHint = setting.Value == "revocation.crls" ? " CRL lists only add up: list the extra CRLs under the environment's 'revocation.crls'." : string.Empty;
        AddError(setting.Position, "UnknownSetting", $"An override names '{setting.Value}', which is not a setting an override can set; expected one of: {string.Join(", ", OverridableSettings)}, rules.<rule>.minimumLevel.{crlHint}");
        return false;
    }

    private List<ExceptionDefinition>? ParseExceptions(PolicyYamlNode node)
    {
        string[] keys = ["path", "sha256", "environments", "reason", "ticket", "expires"];
        return ReadList(node, "'exceptions'", 0, item =>
        {
            Dictionary<string, PolicyYamlNode>? map = ReadMapping(item, "an exception", keys, keys);
            if (map is null)
            {
                return null;
            }

            PolicyValue<string>? path = Read(map, "path", value => ReadExceptionPath(value));
            PolicyValue<string>? sha256 = Read(map, "sha256", value => ReadHex(value, "the exception's sha256", 64, upperCase: false, "InvalidSha256"));
            List<PolicyValue<string>>? environments = Read(map, "environments", value => ReadList(value, "'environments' of an exception", 1, name => ReadText(name, "an environment name")));
            PolicyValue<string>? reason = Read(map, "reason", value => ReadText(value, "'reason' of an exception"));
            PolicyValue<string>? ticket = Read(map, "ticket", value => ReadText(value, "'ticket' of an exception"));
            PolicyValue<DateOnly>? expires = Read(map, "expires", value => ReadDate(value, "'expires' of an exception"));
            // Kept with stand-ins for values in error (already reported), so that its environments are still checked.
            var missing = new PolicyValue<string>(string.Empty, item.Position);
            return new ExceptionDefinition(item.Position, path ?? missing, sha256 ?? missing, environments ?? [], reason ?? missing, ticket ?? missing, expires ?? new PolicyValue<DateOnly>(DateOnly.MinValue, item.Position));
        });
    }

    /// <summary>An exception names one file, so its path is a plain relative path: no wildcards.</summary>
    private PolicyValue<string>? ReadExceptionPath(PolicyYamlNode node)
    {
        PolicyValue<string>? path = ReadPattern(node, "the exception path");
        if (path is not null && path.Value.AsSpan().IndexOfAny("*?[]") >= 0)
        {
            AddError(node.Position, "InvalidPattern", $"The exception path '{path.Value}' has a wildcard; an exception is pinned to one file and its SHA-256. Write the file's path relative to the artifact root.");
            return null;
        }

        return path;
    }

    internal static readonly string[] OverridableSettings =
    [
        "checks.trust", "checks.timestamp", "checks.expiry", "checks.revocation", "checks.algorithms",
        "revocation.mode", "algorithms.digests", "algorithms.minRsaBits", "algorithms.minEcBits",
        "unsigned", "uncovered", "minimumLevel",
    ];

    [GeneratedRegex(@"^rules\.[A-Za-z0-9][A-Za-z0-9._-]*\.minimumLevel$")]
    private static partial Regex RuleLevelSetting();
}
