using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Pipeline;

/// <summary>What a <see cref="RunRecorder"/> needs to know about the command run it records.</summary>
public sealed class RunSettings
{
    /// <summary>The command's name, for example <c>Assert-CodeSigningPolicy</c>.</summary>
    public required string Command { get; init; }

    /// <summary>The module's version.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>The runner to write log commands and the summary for.</summary>
    public required CiEnvironment Ci { get; init; }

    /// <summary>The report file, or with several formats the report folder, as a full path; null for no report files.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The report formats; JUnit when empty and <see cref="ReportPath"/> is given.</summary>
    public IReadOnlyList<ReportFormat> ReportFormats { get; init; } = [];

    /// <summary>The clock for the run's start and end times; the system clock by default.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
