namespace CodeSignPS.Core.Signing;

/// <summary>Which certificates of the signer's chain go into the signature.</summary>
public enum ChainInclusion
{
    /// <summary>Only the signer certificate.</summary>
    Signer,

    /// <summary>The whole chain except the root.</summary>
    NotRoot,

    /// <summary>The whole chain, root included.</summary>
    All,
}
