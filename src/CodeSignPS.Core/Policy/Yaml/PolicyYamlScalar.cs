using System.Globalization;
using System.Text.RegularExpressions;

namespace CodeSignPS.Core.Policy.Yaml;

/// <summary>
/// A scalar and its type under the YAML 1.2 core schema: only a plain (unquoted) scalar can be a
/// null, a boolean or a number; quoted text is always a string. YAML 1.1 words such as <c>off</c>
/// and <c>yes</c> stay strings, so <c>checks.timestamp: off</c> means the check action.
/// </summary>
internal sealed partial class PolicyYamlScalar : PolicyYamlNode
{
    public PolicyYamlScalar(string value, bool isPlain, SourcePosition position)
        : base(position)
    {
        Value = value;
        Kind = isPlain ? Resolve(value) : PolicyYamlScalarKind.String;
    }

    public string Value { get; }

    public PolicyYamlScalarKind Kind { get; }

    public override string Describe() => Kind switch
    {
        PolicyYamlScalarKind.Null => "nothing (null)",
        PolicyYamlScalarKind.Boolean => $"the boolean '{Value}'",
        PolicyYamlScalarKind.Integer => $"the number {Value}",
        PolicyYamlScalarKind.Float => $"the number {Value}",
        _ => $"the string '{Value}'",
    };

    /// <summary>The integer value of an <see cref="PolicyYamlScalarKind.Integer"/> scalar, or null when it does not fit.</summary>
    public long? ToInteger()
    {
        if (Kind != PolicyYamlScalarKind.Integer)
        {
            return null;
        }

        if (Value.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.TryParse(Value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long hex) ? hex : null;
        }

        if (Value.StartsWith("0o", StringComparison.Ordinal))
        {
            try
            {
                return Convert.ToInt64(Value[2..], 8);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return long.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number) ? number : null;
    }

    private static PolicyYamlScalarKind Resolve(string value)
    {
        if (NullPattern().IsMatch(value))
        {
            return PolicyYamlScalarKind.Null;
        }

        if (BooleanPattern().IsMatch(value))
        {
            return PolicyYamlScalarKind.Boolean;
        }

        if (IntegerPattern().IsMatch(value))
        {
            return PolicyYamlScalarKind.Integer;
        }

        return FloatPattern().IsMatch(value) ? PolicyYamlScalarKind.Float : PolicyYamlScalarKind.String;
    }

    // The tag resolution regular expressions of the YAML 1.2.2 core schema (section 10.3.2).
    [GeneratedRegex("^(|~|null|Null|NULL)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex BooleanPattern();

    [GeneratedRegex("^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}
