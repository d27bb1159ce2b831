namespace CodeSignPS.Core.Policy;

/// <summary>An entry of <c>trustStores</c>: named anchors with a role and a class.</summary>
/// <param name="Certificates">Certificate files (PEM bundles, DER, folders), relative to the policy file; wildcards allowed.</param>
public sealed record TrustStoreDefinition(
    string Name,
    SourcePosition Position,
    PolicyValue<TrustStoreRole> Role,
    PolicyValue<TrustStoreClass> Class,
    IReadOnlyList<PolicyValue<string>> Certificates);
