namespace CodeSignPS.Core.Policy;

/// <summary>
/// A policy file as written (version 1), every value with its position. It is what the parser
/// produces and the environment resolver reads; nothing in it is resolved or inherited yet.
/// </summary>
public sealed class PolicyDocument
{
    /// <summary>The policy file's full path; file references inside the policy are relative to its folder.</summary>
    public required string FilePath { get; init; }

    public required PolicyValue<int> Version { get; init; }

    /// <summary>Trust stores in file order; names are unique.</summary>
    public IReadOnlyList<TrustStoreDefinition> TrustStores { get; init; } = [];

    /// <summary>Publishers in file order; names are unique.</summary>
    public IReadOnlyList<PublisherDefinition> Publishers { get; init; } = [];

    /// <summary>The <c>defaults</c> block: the base every environment starts from.</summary>
    public PolicySettings Defaults { get; init; } = new();

    /// <summary>Rules in file order; the order breaks ties between equally specific rules.</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];

    /// <summary>Environments in file order; names are unique.</summary>
    public IReadOnlyList<EnvironmentDefinition> Environments { get; init; } = [];

    public IReadOnlyList<ExceptionDefinition> Exceptions { get; init; } = [];

    /// <summary>The <c>levels</c> block: CA-specific policy OIDs that also mean EV or OV.</summary>
    public LevelDefinitions Levels { get; init; } = new();

    /// <summary>The policy file's folder, which certificate and CRL paths are relative to.</summary>
    public string Folder => Path.GetDirectoryName(FilePath) ?? ".";
}
