namespace CodeSignPS.Core.Reporting;

/// <summary>One artifact's line in a report.</summary>
public sealed class ReportItem
{
    /// <summary>The artifact's full path.</summary>
    public required string Path { get; init; }

    /// <summary>The path shown to people: relative to the policy root or the working folder when it is under it.</summary>
    public required string DisplayPath { get; init; }

    public ReportOutcome Outcome { get; init; }

    /// <summary>The command's own word for the result: a policy outcome, a signature status, or Signed.</summary>
    public required string Status { get; init; }

    /// <summary>Why the outcome is what it is; empty for a clean pass.</summary>
    public IReadOnlyList<ReportIssue> Issues { get; init; } = [];

    /// <summary>The object the command wrote for the artifact (a policy decision or a verification result), for the JSON report.</summary>
    public object? Detail { get; init; }
}
