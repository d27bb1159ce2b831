using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Pipeline;

/// <summary>What completing a recorded run did.</summary>
/// <param name="Run">The run as reported; null when the recorder was not active, so nothing was collected.</param>
/// <param name="ReportPaths">The report files written.</param>
/// <param name="SummaryPath">The file that received the Markdown summary: the uploaded file on Azure Pipelines, the step summary on GitHub Actions; else null.</param>
/// <param name="Failures">Report files that could not be written, each with the path and the cause.</param>
/// <param name="SummaryFailure">Why the summary could not be written; null when it was, or when the runner has none.</param>
public sealed record RunCompletion(ReportRun? Run, IReadOnlyList<string> ReportPaths, string? SummaryPath, IReadOnlyList<CodeSignException> Failures, CodeSignException? SummaryFailure = null);
