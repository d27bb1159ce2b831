namespace CodeSignPS.Core.Policy;

/// <summary>Who runs the CAs of a trust store; it feeds the validation level of signers that chain to it.</summary>
public enum TrustStoreClass
{
    /// <summary>Public CAs: signers are OV or EV.</summary>
    Public,

    /// <summary>An organisation's own CA: signers are Internal.</summary>
    Enterprise,

    /// <summary>Self-signed signer certificates trusted one by one: signers are SelfSigned.</summary>
    SelfSigned,
}
