using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Policy;

/// <summary>The policy's decision on one artifact, with everything that explains it.</summary>
public sealed class PolicyDecision
{
    /// <summary>The artifact's full path.</summary>
    public required string Path { get; init; }

    /// <summary>The path relative to the artifact root, with <c>/</c> separators: what rules and exceptions match.</summary>
    public required string RelativePath { get; init; }

    public PolicyOutcome Outcome { get; init; }

    /// <summary>The environment evaluated, or null for the defaults.</summary>
    public string? Environment { get; init; }

    public PolicyMode Mode { get; init; }

    /// <summary>The rule that covers the artifact; null when none does.</summary>
    public string? Rule { get; init; }

    /// <summary>The publisher the signer matched; null when none did.</summary>
    public string? Publisher { get; init; }

    public ValidationLevel ValidationLevel { get; init; }

    /// <summary>The effective minimum level of the matched rule.</summary>
    public ValidationLevel RequiredLevel { get; init; }

    /// <summary>Every check, in <see cref="PolicyCheck"/> order.</summary>
    public IReadOnlyList<PolicyCheckResult> Checks { get; init; } = [];

    /// <summary>Why the outcome is what it is: each failed check, the unsigned or uncovered setting, an exception used or expired.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>The exception that allowed the artifact, or an expired one that matched it.</summary>
    public ExceptionDefinition? Exception { get; init; }

    /// <summary>Whether <see cref="Exception"/> had expired; an expired exception is reported as an error.</summary>
    public bool IsExceptionExpired { get; init; }

    /// <summary>The signature verification the decision rests on; null for a skipped artifact.</summary>
    public VerificationResult? Verification { get; init; }

    public override string ToString() => $"{Outcome}: {RelativePath}";
}
