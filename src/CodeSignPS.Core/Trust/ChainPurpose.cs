namespace CodeSignPS.Core.Trust;

/// <summary>What a chain is judged for: the extended key usage its leaf must have.</summary>
public enum ChainPurpose
{
    /// <summary>A code signer: the leaf needs the code signing EKU (1.3.6.1.5.5.7.3.3).</summary>
    CodeSigning,

    /// <summary>A timestamping authority: the leaf needs the time stamping EKU (1.3.6.1.5.5.7.3.8).</summary>
    TimeStamping,
}
