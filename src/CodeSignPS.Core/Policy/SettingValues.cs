using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>Setting paths and the YAML spelling of setting values, shared by the resolver and its messages.</summary>
internal static class SettingValues
{
    /// <summary>The path of a check's action, such as <c>checks.trust</c>.</summary>
    public static string CheckPath(PolicyCheck check) => "checks." + JsonCamelCase(check.ToString());

    /// <summary>The path of an environment's minimum level for one rule.</summary>
    public static string RuleLevelPath(string rule) => $"rules.{rule}.minimumLevel";

    /// <summary>Returns the rule name of a <c>rules.&lt;rule&gt;.minimumLevel</c> path, or null for any other path.</summary>
    public static string? TryGetRuleName(string path)
    {
        const string Prefix = "rules.";
        const string Suffix = ".minimumLevel";
        if (path.Length > Prefix.Length + Suffix.Length && path.StartsWith(Prefix, StringComparison.Ordinal) && path.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return path[Prefix.Length..^Suffix.Length];
        }

        return null;
    }

    /// <summary>Writes a value as the policy file spells it: <c>enforce</c>, <c>offline</c>, <c>EV</c>, <c>3072</c>, <c>[sha256, sha384]</c>.</summary>
    public static string Format(object value) => value switch
    {
        ValidationLevel.Unknown => "none",
        ValidationLevel level => level.ToString(),
        Enum other => JsonCamelCase(other.ToString()),
        IEnumerable<string> list => "[" + string.Join(", ", list) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string JsonCamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
