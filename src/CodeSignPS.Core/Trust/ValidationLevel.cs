namespace CodeSignPS.Core.Trust;

/// <summary>How strongly a signer's identity was validated, lowest to highest.</summary>
public enum ValidationLevel
{
    Unknown,
    SelfSigned,
    Internal,
    OV,
    EV,
}
