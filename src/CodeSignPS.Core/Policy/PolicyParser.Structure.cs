using CodeSignPS.Core.Policy.Yaml;

namespace CodeSignPS.Core.Policy;

/// <summary>Reading mappings and lists: the shape checks every block of the policy shares.</summary>
public sealed partial class PolicyParser
{
    /// <summary>
    /// Reads a mapping whose keys are fixed: reports unknown keys (at the key) and missing required
    /// keys (at the mapping), and returns the known entries, or null when the node is not a mapping.
    /// </summary>
    private Dictionary<string, PolicyYamlNode>? ReadMapping(PolicyYamlNode node, string label, IReadOnlyCollection<string> allowed, IReadOnlyCollection<string> required)
    {
        if (node is not PolicyYamlMapping mapping)
        {
            AddError(node.Position, "WrongType", $"Expected a mapping for {label}, found {node.Describe()}. Write {label} as 'key: value' lines or '{{ key: value }}'.");
            return null;
        }

        var known = new Dictionary<string, PolicyYamlNode>(StringComparer.Ordinal);
        foreach ((PolicyYamlScalar key, PolicyYamlNode value) in mapping.Entries)
        {
            if (allowed.Contains(key.Value))
            {
                known[key.Value] = value;
            }
            else
            {
                AddError(key.Position, "UnknownKey", $"Unknown key '{key.Value}' in {label}; expected one of: {string.Join(", ", allowed)}. Remove it or fix its spelling (keys are case-sensitive).");
            }
        }

        foreach (string key in required.Where(key => !known.ContainsKey(key)))
        {
            AddError(node.Position, "MissingKey", $"{Capitalize(label)} has no '{key}', which is required. Add '{key}'.");
        }

        return known;
    }

    /// <summary>
    /// Reads a mapping whose keys are names the author chooses (trust stores, publishers,
    /// environments), checking each name's spelling; returns (name, value) pairs in file order.
    /// </summary>
    private List<(PolicyValue<string> Name, PolicyYamlNode Value)>? ReadNamedEntries(PolicyYamlNode node, string label)
    {
        if (node is not PolicyYamlMapping mapping)
        {
            AddError(node.Position, "WrongType", $"Expected a mapping of names for {label}, found {node.Describe()}. Write one 'name: {{ ... }}' entry per line.");
            return null;
        }

        var entries = new List<(PolicyValue<string>, PolicyYamlNode)>();
        foreach ((PolicyYamlScalar key, PolicyYamlNode value) in mapping.Entries)
        {
            // A key is text whatever YAML would type it as (JSON keys are strings too), so '2024:' is a valid name.
            if (NamePattern().IsMatch(key.Value))
            {
                entries.Add((new PolicyValue<string>(key.Value, key.Position), value));
            }
            else
            {
                AddError(key.Position, "InvalidValue", $"The name '{key.Value}' in {label} is not a valid name; expected letters, digits, '.', '_' or '-', starting with a letter or digit. Rename it.");
            }
        }

        return entries;
    }

    /// <summary>Reads a list, calling <paramref name="readItem"/> on each item and keeping the non-null results.</summary>
    private List<T>? ReadList<T>(PolicyYamlNode node, string label, int minimumItems, Func<PolicyYamlNode, T?> readItem)
        where T : class
    {
        if (node is not PolicyYamlSequence sequence)
        {
            AddError(node.Position, "WrongType", $"Expected a list for {label}, found {node.Describe()}. Write it as '[a, b]' or as '- a' lines.");
            return null;
        }

        if (sequence.Items.Count < minimumItems)
        {
            AddError(node.Position, "InvalidValue", $"{Capitalize(label)} is empty; it needs at least {minimumItems} item. Add one, or remove the key.");
        }

        var items = new List<T>();
        foreach (PolicyYamlNode item in sequence.Items)
        {
            if (readItem(item) is { } value)
            {
                items.Add(value);
            }
        }

        return items;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
