namespace CodeSignPS.Core.Policy.Yaml;

/// <summary>A mapping in file order; keys are scalars and unique (the reader reports duplicates).</summary>
internal sealed class PolicyYamlMapping : PolicyYamlNode
{
    public PolicyYamlMapping(IReadOnlyList<KeyValuePair<PolicyYamlScalar, PolicyYamlNode>> entries, SourcePosition position)
        : base(position)
    {
        Entries = entries;
    }

    public IReadOnlyList<KeyValuePair<PolicyYamlScalar, PolicyYamlNode>> Entries { get; }

    public override string Describe() => "a mapping";
}
