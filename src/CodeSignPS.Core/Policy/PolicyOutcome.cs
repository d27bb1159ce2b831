namespace CodeSignPS.Core.Policy;

/// <summary>The decision on one artifact.</summary>
public enum PolicyOutcome
{
    Allow,

    /// <summary>Allowed, with at least one failed check whose action is warn.</summary>
    Warn,

    Deny,

    /// <summary>Would be denied, but the environment is in audit mode.</summary>
    Audit,

    /// <summary>No rule covers the artifact, and the policy does not deny uncovered files.</summary>
    Skipped,
}
