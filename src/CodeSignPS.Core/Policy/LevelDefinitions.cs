namespace CodeSignPS.Core.Policy;

/// <summary>The <c>levels</c> block: policy OIDs that a CA uses for its EV or OV certificates, added to the CA/Browser Forum ones.</summary>
public sealed record LevelDefinitions
{
    public IReadOnlyList<PolicyValue<string>> EvPolicyOids { get; init; } = [];

    public IReadOnlyList<PolicyValue<string>> OvPolicyOids { get; init; } = [];
}
