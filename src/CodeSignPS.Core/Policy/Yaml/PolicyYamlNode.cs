namespace CodeSignPS.Core.Policy.Yaml;

/// <summary>
/// A node of a policy file as read, before any typing: the policy parser walks these rather than
/// YamlDotNet's own model so that every value keeps its position and no alias is ever expanded.
/// </summary>
internal abstract class PolicyYamlNode
{
    protected PolicyYamlNode(SourcePosition position) => Position = position;

    /// <summary>Where the node starts in the file (1-based line and column).</summary>
    public SourcePosition Position { get; }

    /// <summary>The kind of node as a policy author calls it, for messages: "a mapping", "a list", "a string".</summary>
    public abstract string Describe();
}
