namespace CodeSignPS.Core.Policy;

/// <summary>What happens to an artifact that no rule covers, weakest first.</summary>
public enum UncoveredAction
{
    /// <summary>Reported as Skipped.</summary>
    Skip,
    Warn,
    Deny,
}
