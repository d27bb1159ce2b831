using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Policy.Yaml;

namespace CodeSignPS.Core.Tests.Policy.Loader;

/// <summary>
/// Turns a policy file into the JSON document an editor's YAML language server validates against the
/// schema: scalars typed by the YAML 1.2 core schema, keys as strings. It reads through the loader's
/// own YAML reader, so a file that reader rejects (syntax, anchors, tags, depth) has no JSON form.
/// </summary>
internal static class PolicyYamlJson
{
    public static JsonElement? Convert(string path)
    {
        var errors = new List<PolicyError>();
        PolicyYamlNode? root = PolicyYamlReader.Read(File.ReadAllText(path), path, errors);
        return root is null ? null : JsonSerializer.SerializeToElement(ToJson(root));
    }

    private static JsonNode? ToJson(PolicyYamlNode node) => node switch
    {
        PolicyYamlMapping mapping => new JsonObject(mapping.Entries.Select(entry => KeyValuePair.Create(entry.Key.Value, ToJson(entry.Value)))),
        PolicyYamlSequence sequence => new JsonArray(sequence.Items.Select(ToJson).ToArray()),
        PolicyYamlScalar scalar => ToJson(scalar),
        _ => throw new ArgumentException($"Unexpected node {node.GetType().Name}.", nameof(node)),
    };

    private static JsonNode? ToJson(PolicyYamlScalar scalar) => scalar.Kind switch
    {
        PolicyYamlScalarKind.Null => null,
        PolicyYamlScalarKind.Boolean => JsonValue.Create(scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase)),
        PolicyYamlScalarKind.Integer when scalar.ToInteger() is { } number => JsonValue.Create(number),
        PolicyYamlScalarKind.Float when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number) => JsonValue.Create(number),
        _ => JsonValue.Create(scalar.Value),
    };
}
