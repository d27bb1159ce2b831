namespace CodeSignPS.Core.Policy;

/// <summary>The checks a policy applies to each artifact; the YAML keys under <c>checks</c>, in camel case.</summary>
public enum PolicyCheck
{
    /// <summary>The content digest matches the signed one; always enforced.</summary>
    Integrity,

    /// <summary>The chain reaches a trust store of a matching publisher, and the level is high enough.</summary>
    Trust,

    /// <summary>The signature carries a timestamp that verifies against a timestamping trust store.</summary>
    Timestamp,

    /// <summary>The signer certificate is valid at the verification time.</summary>
    Expiry,

    /// <summary>No certificate of the chain is revoked, and revocation could be determined.</summary>
    Revocation,

    /// <summary>Digest and key sizes meet the policy's <c>algorithms</c> floors.</summary>
    Algorithms,
}
