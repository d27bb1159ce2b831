using CodeSignPS.Core.Policy.Yaml;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>The settings that <c>defaults</c> and environments share, and the values of overrides, typed by setting.</summary>
public sealed partial class PolicyParser
{
    internal static readonly string[] SettingKeys = ["checks", "revocation", "algorithms", "unsigned", "uncovered", "minimumLevel"];

    internal static readonly IReadOnlyDictionary<string, PolicyCheck> CheckNames = new Dictionary<string, PolicyCheck>
    {
        ["integrity"] = PolicyCheck.Integrity,
        ["trust"] = PolicyCheck.Trust,
        ["timestamp"] = PolicyCheck.Timestamp,
        ["expiry"] = PolicyCheck.Expiry,
        ["revocation"] = PolicyCheck.Revocation,
        ["algorithms"] = PolicyCheck.Algorithms,
    };

    internal static readonly IReadOnlyList<string> DigestNames = ["sha256", "sha384", "sha512", "sha1", "md5"];

    private static readonly IReadOnlyDictionary<string, CheckAction> CheckActions = new Dictionary<string, CheckAction>
    {
        ["off"] = CheckAction.Off, ["warn"] = CheckAction.Warn, ["enforce"] = CheckAction.Enforce,
    };

    private static readonly IReadOnlyDictionary<string, PolicyRevocationMode> RevocationModes = new Dictionary<string, PolicyRevocationMode>
    {
        ["off"] = PolicyRevocationMode.Off, ["offline"] = PolicyRevocationMode.Offline, ["online"] = PolicyRevocationMode.Online,
    };

    private static readonly IReadOnlyDictionary<string, UnsignedAction> UnsignedActions = new Dictionary<string, UnsignedAction>
    {
        ["allow"] = UnsignedAction.Allow, ["warn"] = UnsignedAction.Warn, ["deny"] = UnsignedAction.Deny,
    };

    private static readonly IReadOnlyDictionary<string, UncoveredAction> UncoveredActions = new Dictionary<string, UncoveredAction>
    {
        ["skip"] = UncoveredAction.Skip, ["warn"] = UncoveredAction.Warn, ["deny"] = UncoveredAction.Deny,
    };

    private static readonly IReadOnlyDictionary<string, ValidationLevel> Levels = new Dictionary<string, ValidationLevel>
    {
        ["SelfSigned"] = ValidationLevel.SelfSigned, ["Internal"] = ValidationLevel.Internal, ["OV"] = ValidationLevel.OV, ["EV"] = ValidationLevel.EV,
    };

    private PolicySettings? ParseSettingsBlock(PolicyYamlNode node, string label)
    {
        Dictionary<string, PolicyYamlNode>? map = ReadMapping(node, label, SettingKeys, []);
        return map is null ? null : ParseSettings(map, label);
    }

    private PolicySettings ParseSettings(Dictionary<string, PolicyYamlNode> map, string label)
    {
        var checks = new Dictionary<PolicyCheck, PolicyValue<CheckAction>>();
        if (map.TryGetValue("checks", out PolicyYamlNode? checksNode) && ReadMapping(checksNode, $"'checks' of {label}", CheckNames.Keys.ToArray(), []) is { } checkMap)
        {
            foreach ((string name, PolicyYamlNode value) in checkMap)
            {
                if (ReadCheckAction(value, "checks." + name) is { } action)
                {
                    checks[CheckNames[name]] = action;
                }
            }
        }

        Dictionary<string, PolicyYamlNode> revocation = ReadOptionalBlock(map, "revocation", label, ["mode", "crls"]);
        Dictionary<string, PolicyYamlNode> algorithms = ReadOptionalBlock(map, "algorithms", label, ["digests", "minRsaBits", "minEcBits"]);
        return new PolicySettings
        {
            Checks = checks,
            RevocationMode = Read(revocation, "mode", node => ReadEnum(node, "'revocation.mode'", RevocationModes)),
            Crls = revocation.TryGetValue("crls", out PolicyYamlNode? crls) ? ReadList(crls, "'revocation.crls'", 0, item => ReadText(item, "a CRL path")) : null,
            Digests = Read(algorithms, "digests", ReadDigests),
            MinRsaBits = Read(algorithms, "minRsaBits", node => ReadInteger(node, "'algorithms.minRsaBits'", 1024, 16384)),
            MinEcBits = Read(algorithms, "minEcBits", node => ReadInteger(node, "'algorithms.minEcBits'", 256, 521)),
            Unsigned = Read(map, "unsigned", node => ReadEnum(node, "'unsigned'", UnsignedActions)),
            Uncovered = Read(map, "uncovered", node => ReadEnum(node, "'uncovered'", UncoveredActions)),
            MinimumLevel = Read(map, "minimumLevel", ReadLevel),
        };
    }

    private Dictionary<string, PolicyYamlNode> ReadOptionalBlock(Dictionary<string, PolicyYamlNode> map, string key, string label, string[] keys)
        => map.TryGetValue(key, out PolicyYamlNode? node) ? ReadMapping(node, $"'{key}' of {label}", keys, []) ?? [] : [];

    private static T? Read<T>(Dictionary<string, PolicyYamlNode> map, string key, Func<PolicyYamlNode, T?> read)
        where T : class
        => map.TryGetValue(key, out PolicyYamlNode? node) ? read(node) : null;

    private PolicyValue<ValidationLevel>? ReadLevel(PolicyYamlNode node) => ReadEnum(node, "'minimumLevel'", Levels);

    /// <summary>Integrity is always enforced: the format accepts no other action for it, so a file cannot look as if it turned it off.</summary>
    private PolicyValue<CheckAction>? ReadCheckAction(PolicyYamlNode node, string setting)
    {
        if (setting == "checks.integrity" && node is PolicyYamlScalar { Kind: PolicyYamlScalarKind.String } scalar && scalar.Value != "enforce")
        {
            AddError(node.Position, "IntegrityNotEnforced", $"'checks.integrity' is '{scalar.Value}'; the integrity check is always enforced, so the only value is 'enforce'. Write 'enforce' or remove the key.");
            return null;
        }

        return ReadEnum(node, $"'{setting}'", CheckActions);
    }

    private PolicyValue<IReadOnlyList<string>>? ReadDigests(PolicyYamlNode node)
    {
        List<PolicyValue<string>>? names = ReadList(node, "'algorithms.digests'", 1, item => ReadText(item, "a digest name"));
        if (names is null)
        {
            return null;
        }

        bool valid = true;
        foreach (PolicyValue<string> name in names.Where(name => !DigestNames.Contains(name.Value)))
        {
            AddError(name.Position, "InvalidValue", $"The digest '{name.Value}' is not one this format knows; expected one of: {string.Join(", ", DigestNames)} (lower case). Write one of those.");
            valid = false;
        }

        return valid && names.Count > 0 ? new PolicyValue<IReadOnlyList<string>>(names.Select(name => name.Value).Distinct().ToList(), node.Position) : null;
    }

    /// <summary>Reads an override's value typed as its setting; the caller has checked the setting path.</summary>
    private object? ReadSettingValue(string setting, PolicyYamlNode node)
    {
        if (setting.StartsWith("checks.", StringComparison.Ordinal))
        {
            return ReadCheckAction(node, setting)?.Value;
        }

        return setting switch
        {
            "revocation.mode" => ReadEnum(node, "the override value", RevocationModes)?.Value,
            "algorithms.digests" => ReadDigests(node)?.Value,
            "algorithms.minRsaBits" => ReadInteger(node, "the override value", 1024, 16384)?.Value,
            "algorithms.minEcBits" => ReadInteger(node, "the override value", 256, 521)?.Value,
            "unsigned" => ReadEnum(node, "the override value", UnsignedActions)?.Value,
            "uncovered" => ReadEnum(node, "the override value", UncoveredActions)?.Value,
            _ => ReadEnum(node, "the override value", Levels)?.Value,
        };
    }
}
