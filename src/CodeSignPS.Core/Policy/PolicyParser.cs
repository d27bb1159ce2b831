using CodeSignPS.Core.Policy.Yaml;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Turns the text of a version 1 policy file into a <see cref="PolicyDocument"/>, checking its
/// structure: known keys, value types, enum values, thumbprints, pins, OIDs and patterns. It goes on
/// after an error so that one load reports every problem: an entry with an error stays in the document
/// with stand-ins for the values in error, so that its references can still be checked. A document
/// parsed with errors is therefore only fit for <see cref="PolicyReferenceChecker"/>, never for
/// decisions. Whether names refer to something is that checker's job.
/// </summary>
public sealed partial class PolicyParser
{
    private static readonly string[] TopLevelKeys = ["version", "trustStores", "publishers", "defaults", "rules", "environments", "exceptions", "levels"];

    private readonly string file;
    private readonly ICollection<PolicyError> errors;

    private PolicyParser(string file, ICollection<PolicyError> errors)
    {
        this.file = file;
        this.errors = errors;
    }

    /// <summary>
    /// Parses <paramref name="text"/>, adding every problem found to <paramref name="errors"/>.
    /// Returns null when the text is not usable at all (not YAML, empty, not a mapping); otherwise a
    /// document holding every entry that parsed cleanly.
    /// </summary>
    /// <param name="filePath">The policy file's full path, put in each error and in the document.</param>
    public static PolicyDocument? Parse(string text, string filePath, ICollection<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(errors);

        int before = errors.Count;
        PolicyYamlNode? root = PolicyYamlReader.Read(text, filePath, errors);
        var parser = new PolicyParser(filePath, errors);
        if (root is null)
        {
            if (errors.Count == before)
            {
                parser.AddError(new SourcePosition(1, 1), "MissingKey", "The policy file is empty; expected at least 'version: 1'. Start the file with 'version: 1'.");
            }

            return null;
        }

        return parser.ParseDocument(root);
    }

    private PolicyDocument? ParseDocument(PolicyYamlNode root)
    {
        Dictionary<string, PolicyYamlNode>? top = ReadMapping(root, "the policy file", TopLevelKeys, ["version"]);
        if (top is null)
        {
            return null;
        }

        PolicyValue<int> version = ParseVersion(top.GetValueOrDefault("version"));
        return new PolicyDocument
        {
            FilePath = file,
            Version = version,
            TrustStores = Optional(top, "trustStores", ParseTrustStores) ?? [],
            Publishers = Optional(top, "publishers", ParsePublishers) ?? [],
            Defaults = Optional(top, "defaults", node => ParseSettingsBlock(node, "defaults")) ?? new PolicySettings(),
            Rules = Optional(top, "rules", ParseRules) ?? [],
            Environments = Optional(top, "environments", ParseEnvironments) ?? [],
            Exceptions = Optional(top, "exceptions", ParseExceptions) ?? [],
            Levels = Optional(top, "levels", ParseLevels) ?? new LevelDefinitions(),
        };
    }

    private PolicyValue<int> ParseVersion(PolicyYamlNode? node)
    {
        if (node is null)
        {
            return new PolicyValue<int>(0, new SourcePosition(1, 1));
        }

        PolicyValue<int>? version = ReadInteger(node, "'version'", int.MinValue, int.MaxValue);
        if (version is { Value: not 1 })
        {
            AddError(node.Position, "UnsupportedVersion", $"'version' is {version.Value}; this CodeSignPS reads policy files of version 1. Write 'version: 1' and the format of version 1.");
        }

        return version ?? new PolicyValue<int>(0, node.Position);
    }

    private static T? Optional<T>(Dictionary<string, PolicyYamlNode> map, string key, Func<PolicyYamlNode, T?> parse)
        where T : class
        => map.TryGetValue(key, out PolicyYamlNode? node) ? parse(node) : null;

    private void AddError(SourcePosition position, string code, string message)
        => errors.Add(new PolicyError(file, position.Line, position.Column, code, message));
}
