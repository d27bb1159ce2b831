using CodeSignPS.Core.Policy;

namespace CodeSignPS.Core.Reporting;

/// <summary>Everything one command run reports: its artifacts, the problems of the run itself, and whether it failed.</summary>
public sealed class ReportRun
{
    /// <summary>The command that ran, for example <c>Assert-CodeSigningPolicy</c>.</summary>
    public required string Command { get; init; }

    /// <summary>The module's version, named as the tool in SARIF and JSON.</summary>
    public required string ToolVersion { get; init; }

    public DateTimeOffset StartTime { get; init; }

    public DateTimeOffset EndTime { get; init; }

    /// <summary>The policy file evaluated; null for signing and verification.</summary>
    public string? PolicyPath { get; init; }

    /// <summary>The policy environment evaluated.</summary>
    public string? Environment { get; init; }

    public PolicyMode? Mode { get; init; }

    /// <summary>
    /// The folder that display paths are relative to: the policy's artifact root, or the working folder.
    /// SARIF writes locations under it relative to it, so viewers can map them to the repository.
    /// </summary>
    public string? Root { get; init; }

    public IReadOnlyList<ReportItem> Items { get; init; } = [];

    /// <summary>Problems not tied to one artifact: policy file errors, inputs that were not evaluated, a key that did not open.</summary>
    public IReadOnlyList<ReportIssue> RunIssues { get; init; } = [];

    /// <summary>Whether the command failed: a gate that denied, a file that could not be signed.</summary>
    public bool Failed { get; init; }
}
