using System.Globalization;
using System.Text.RegularExpressions;
using CodeSignPS.Core.Policy.Matching;
using CodeSignPS.Core.Policy.Yaml;

namespace CodeSignPS.Core.Policy;

/// <summary>Typed scalars: text, numbers, enum words, names, hex digests, OIDs, patterns and dates.</summary>
public sealed partial class PolicyParser
{
    /// <summary>Reads non-blank text. A plain scalar that YAML types as a number, boolean or null is not text: quoting it shows that text is meant.</summary>
    private PolicyValue<string>? ReadText(PolicyYamlNode node, string label)
    {
        if (node is not PolicyYamlScalar scalar || scalar.Kind != PolicyYamlScalarKind.String)
        {
            string hint = node is PolicyYamlScalar ? $" Quote it (\"{((PolicyYamlScalar)node).Value}\") if it is meant as text." : string.Empty;
            AddError(node.Position, "WrongType", $"Expected a string for {label}, found {node.Describe()}.{hint}");
            return null;
        }

        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            AddError(node.Position, "InvalidValue", $"{Capitalize(label)} is blank. Write a value.");
            return null;
        }

        return new PolicyValue<string>(scalar.Value, scalar.Position);
    }

    private PolicyValue<int>? ReadInteger(PolicyYamlNode node, string label, int minimum, int maximum)
    {
        if (node is not PolicyYamlScalar { Kind: PolicyYamlScalarKind.Integer } scalar)
        {
            AddError(node.Position, "WrongType", $"Expected a whole number for {label}, found {node.Describe()}. Write an unquoted number.");
            return null;
        }

        long? value = scalar.ToInteger();
        if (value is null || value < minimum || value > maximum)
        {
            AddError(node.Position, "InvalidValue", $"{Capitalize(label)} is {scalar.Value}; expected a number from {minimum} to {maximum}. Write a number in that range.");
            return null;
        }

        return new PolicyValue<int>((int)value.Value, scalar.Position);
    }

    /// <summary>Reads one of a fixed set of words, matched case-sensitively as the format spells them.</summary>
    private PolicyValue<T>? ReadEnum<T>(PolicyYamlNode node, string label, IReadOnlyDictionary<string, T> words)
    {
        PolicyValue<string>? text = ReadText(node, label);
        if (text is null)
        {
            return null;
        }

        if (!words.TryGetValue(text.Value, out T? value))
        {
            AddError(node.Position, "InvalidValue", $"{Capitalize(label)} is '{text.Value}'; expected one of: {string.Join(", ", words.Keys)} (case-sensitive). Write one of those.");
            return null;
        }

        return new PolicyValue<T>(value, text.Position);
    }

    /// <summary>Checks a rule's name, which other entries refer to.</summary>
    private PolicyValue<string>? CheckName(PolicyYamlNode node, string label)
    {
        PolicyValue<string>? name = ReadText(node, $"a name in {label}");
        if (name is not null && !NamePattern().IsMatch(name.Value))
        {
            AddError(node.Position, "InvalidValue", $"The name '{name.Value}' in {label} is not a valid name; expected letters, digits, '.', '_' or '-', starting with a letter or digit. Rename it.");
            return null;
        }

        return name;
    }

    /// <summary>
    /// Reads a hex digest as people paste it: spaces and colons are dropped. Invisible characters
    /// are an error rather than dropped, because a pasted value carrying them is not the one reviewed.
    /// </summary>
    private PolicyValue<string>? ReadHex(PolicyYamlNode node, string label, int digits, bool upperCase, string code)
    {
        PolicyValue<string>? text = ReadText(node, label);
        if (text is null || HasInvisibleCharacter(node, text.Value, label))
        {
            return null;
        }

        string hex = text.Value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal);
        if (hex.Length != digits || !hex.All(char.IsAsciiHexDigit))
        {
            AddError(node.Position, code, $"{Capitalize(label)} '{text.Value}' is not {digits} hexadecimal digits (spaces and colons aside); found {hex.Length} characters. Copy the value again from the certificate or file.");
            return null;
        }

        return new PolicyValue<string>(upperCase ? hex.ToUpperInvariant() : hex.ToLowerInvariant(), text.Position);
    }

    private bool HasInvisibleCharacter(PolicyYamlNode node, string value, string label)
    {
        int index = value.AsSpan().IndexOfAny(InvisibleCharacters);
        if (index < 0)
        {
            return false;
        }

        AddError(node.Position, "InvisibleCharacter", $"{Capitalize(label)} contains the invisible character U+{(int)value[index]:X4} at offset {index}; it was probably pasted along with the value. Retype the value.");
        return true;
    }

    private PolicyValue<string>? ReadOid(PolicyYamlNode node, string label)
    {
        PolicyValue<string>? text = ReadText(node, label);
        if (text is not null && !OidPattern().IsMatch(text.Value))
        {
            AddError(node.Position, "InvalidOid", $"{Capitalize(label)} '{text.Value}' is not an object identifier; expected dotted numbers such as 2.23.140.1.3. Fix the OID.");
            return null;
        }

        return text;
    }

    /// <summary>Reads an artifact glob, by the rules <see cref="GlobPattern"/> matches with, so that every pattern that loads can be matched.</summary>
    private PolicyValue<string>? ReadPattern(PolicyYamlNode node, string label)
    {
        PolicyValue<string>? text = ReadText(node, label);
        if (text is not null && !GlobPattern.TryParse(text.Value, out _, out string? error))
        {
            AddError(node.Position, "InvalidPattern", $"{Capitalize(label)} '{text.Value}' is not a valid pattern: {error}.");
            return null;
        }

        return text;
    }

    private PolicyValue<DateOnly>? ReadDate(PolicyYamlNode node, string label)
    {
        PolicyValue<string>? text = ReadText(node, label);
        if (text is null)
        {
            return null;
        }

        if (!DatePattern().IsMatch(text.Value) || !DateOnly.TryParseExact(text.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            AddError(node.Position, "InvalidValue", $"{Capitalize(label)} '{text.Value}' is not a date; expected YYYY-MM-DD, such as 2027-03-31. Write the date in that form.");
            return null;
        }

        return new PolicyValue<DateOnly>(date, text.Position);
    }

    // Zero-width and joiner characters, bidirectional controls, the BOM, no-break spaces and C0/C1 controls.
    private static readonly System.Buffers.SearchValues<char> InvisibleCharacters = System.Buffers.SearchValues.Create(
        "\u00A0\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u2007\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u202F" +
        "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u3164\uFEFF\uFFA0" +
        string.Concat(Enumerable.Range(0, 32).Select(code => (char)code)) + string.Concat(Enumerable.Range(0x7F, 33).Select(code => (char)code)));

    // The schema in policies/codesignps-policy.schema.json uses these same expressions.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[0-2](\.(0|[1-9][0-9]*))+$")]
    private static partial Regex OidPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex DatePattern();
}
