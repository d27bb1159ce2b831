using System.Text.RegularExpressions;

namespace CodeSignPS.Core.Tests.Policy.Loader;

/// <summary>
/// A sample policy under tests/policies/samples and what its header comment declares: the errors
/// the loader must report (<c># expect: Code line:column</c>) and the verdict the JSON Schema must give
/// (<c># schema: valid|invalid|unparsed</c>; unparsed means the YAML never becomes a JSON document).
/// </summary>
public sealed partial record PolicySample(string Name, string FilePath, IReadOnlyList<string> ExpectedErrors, string SchemaVerdict)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "PolicySamples");

    public static string SchemaPath => Path.Combine(Folder, "codesignps-policy.schema.json");

    /// <summary>
    /// The policy schema, built once for every test class: building registers its $id in the global
    /// schema registry, so a second build in the same run fails.
    /// </summary>
    public static Json.Schema.JsonSchema Schema => SharedSchema.Value;

    private static readonly Lazy<Json.Schema.JsonSchema> SharedSchema = new(() => Json.Schema.JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    public bool IsValid => ExpectedErrors.Count == 0;

    public static IEnumerable<PolicySample> All() =>
        Directory.EnumerateFiles(Folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(Read);

    public static PolicySample Read(string path)
    {
        var expected = new List<string>();
        string? verdict = null;
        foreach (string line in File.ReadLines(path).TakeWhile(line => line.StartsWith('#')))
        {
            if (ExpectLine().Match(line) is { Success: true } expect)
            {
                expected.Add(expect.Groups[1].Value);
            }
            else if (SchemaLine().Match(line) is { Success: true } schema)
            {
                verdict = schema.Groups[1].Value;
            }
        }

        string folder = Path.GetFileName(Path.GetDirectoryName(path)!);
        return new PolicySample($"{folder}/{Path.GetFileName(path)}", path, expected, verdict ?? (expected.Count == 0 ? "valid" : "undeclared"));
    }

    public override string ToString() => Name;

    [GeneratedRegex(@"^# expect: ([A-Za-z0-9]+ [0-9]+:[0-9]+)\s*$")]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"^# schema: (valid|invalid|unparsed)\s*$")]
    private static partial Regex SchemaLine();
}
