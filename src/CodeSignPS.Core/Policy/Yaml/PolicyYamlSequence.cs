namespace CodeSignPS.Core.Policy.Yaml;

/// <summary>A list in file order.</summary>
internal sealed class PolicyYamlSequence : PolicyYamlNode
{
    public PolicyYamlSequence(IReadOnlyList<PolicyYamlNode> items, SourcePosition position)
        : base(position)
    {
        Items = items;
    }

    public IReadOnlyList<PolicyYamlNode> Items { get; }

    public override string Describe() => "a list";
}
