namespace CodeSignPS.Core.Policy;

/// <summary>What a policy trust store anchors.</summary>
public enum TrustStoreRole
{
    CodeSigning,
    Timestamping,
}
