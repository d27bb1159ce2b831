namespace CodeSignPS.Core.Policy;

/// <summary>Whether an environment's denials fail the run.</summary>
public enum PolicyMode
{
    /// <summary>A denial fails the run.</summary>
    Enforce,

    /// <summary>Every Deny becomes Audit; the run never fails.</summary>
    Audit,
}
