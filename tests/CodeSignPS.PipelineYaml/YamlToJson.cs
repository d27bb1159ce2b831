using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CodeSignPS.PipelineYaml;

/// <summary>
/// Converts one YAML document to JSON. Every scalar stays a string, because the tests compare text
/// and a YAML 1.1 reader would turn a key such as <c>on</c> into a boolean.
/// </summary>
internal static class YamlToJson
{
    public static JsonObject Convert(YamlSource source)
    {
        var entry = new JsonObject { ["file"] = source.File, ["line"] = source.Line };
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(source.Text));
            if (stream.Documents.Count != 1)
            {
                entry["error"] = $"Expected one YAML document; found {stream.Documents.Count}.";
                return entry;
            }

            entry["document"] = ToNode(stream.Documents[0].RootNode);
        }
        catch (YamlException exception)
        {
            // The parser counts lines from the start of the text, so the error adds the block's offset to name the file's line.
            entry["error"] = $"{source.File}:{source.Line + exception.Start.Line - 1}: {exception.Message}";
        }

        return entry;
    }

    private static JsonNode? ToNode(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToNode).ToArray()),
        YamlScalarNode scalar => IsNull(scalar) ? null : JsonValue.Create(scalar.Value ?? string.Empty),
        _ => throw new YamlException(node.Start, node.End, $"Unexpected YAML node {node.NodeType}."),
    };

    private static JsonObject ToObject(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (KeyValuePair<YamlNode, YamlNode> pair in mapping.Children)
        {
            if (pair.Key is not YamlScalarNode { Value: { } key })
            {
                throw new YamlException(pair.Key.Start, pair.Key.End, "Expected a plain key.");
            }

            if (result.ContainsKey(key))
            {
                // YamlDotNet rejects duplicate keys itself. This keeps the rule if that ever changes.
                throw new YamlException(pair.Key.Start, pair.Key.End, $"Duplicate key '{key}'.");
            }

            result[key] = ToNode(pair.Value);
        }

        return result;
    }

    // A plain empty value, ~ or null is YAML's null, but a quoted '' stays an empty string.
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && (string.IsNullOrEmpty(scalar.Value) || scalar.Value == "~" || scalar.Value == "null");
}
