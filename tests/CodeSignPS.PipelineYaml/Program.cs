using System.Text.Json;
using System.Text.Json.Nodes;
using CodeSignPS.PipelineYaml;

// Prints the pipeline YAML of each file as one JSON array. A .md file contributes each of its
// ```yaml blocks; any other file is one YAML document. Usage:
//   dotnet CodeSignPS.PipelineYaml.dll FILE [FILE...]
// Each entry contains the file, the 1-based line where the YAML starts, and either the document or
// the parser's error. Mappings keep their key order, and every scalar is a string.
if (args.Length == 0)
{
    Console.Error.WriteLine("Usage: dotnet CodeSignPS.PipelineYaml.dll FILE [FILE...] (.md files contribute their yaml blocks)");
    return 2;
}

var entries = new JsonArray();
foreach (string file in args)
{
    foreach (YamlSource source in YamlSource.Read(file))
    {
        entries.Add(YamlToJson.Convert(source));
    }
}

Console.WriteLine(entries.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
return 0;
