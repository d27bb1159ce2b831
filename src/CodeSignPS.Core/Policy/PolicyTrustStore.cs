using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>A policy trust store with its certificates loaded.</summary>
public sealed record PolicyTrustStore(TrustStoreDefinition Definition, TrustStore Store);
