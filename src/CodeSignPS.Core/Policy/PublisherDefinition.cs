namespace CodeSignPS.Core.Policy;

/// <summary>
/// An entry of <c>publishers</c>: who may sign. A certificate matches when its chain ends in one of
/// <see cref="TrustStores"/> and it meets every constraint that is set.
/// </summary>
/// <param name="Thumbprints">SHA-1 thumbprints of the signer certificate, normalised to upper-case hex without separators.</param>
/// <param name="PublicKeySha256">SHA-256 of the signer's SubjectPublicKeyInfo, normalised to lower-case hex.</param>
/// <param name="PolicyOids">Certificate policy OIDs, each of which the signer certificate must carry.</param>
public sealed record PublisherDefinition(
    string Name,
    SourcePosition Position,
    IReadOnlyList<PolicyValue<string>> TrustStores,
    NameConstraint? Subject,
    NameConstraint? Issuer,
    IReadOnlyList<PolicyValue<string>> Thumbprints,
    IReadOnlyList<PolicyValue<string>> PublicKeySha256,
    IReadOnlyList<PolicyValue<string>> PolicyOids);
