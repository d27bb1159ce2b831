namespace CodeSignPS.Core.Reporting;

/// <summary>How many artifacts of a run ended each way, and how many run issues are errors.</summary>
internal sealed record ReportCounts(int Total, int Passed, int Warned, int Failed, int Skipped, int RunErrors, int RunWarnings)
{
    public static ReportCounts Of(ReportRun run)
    {
        int Count(ReportOutcome outcome) => run.Items.Count(item => item.Outcome == outcome);

        return new ReportCounts(
            run.Items.Count,
            Count(ReportOutcome.Passed),
            Count(ReportOutcome.Warned),
            Count(ReportOutcome.Failed),
            Count(ReportOutcome.Skipped),
            run.RunIssues.Count(issue => issue.Severity == ReportSeverity.Error),
            run.RunIssues.Count(issue => issue.Severity == ReportSeverity.Warning));
    }

    /// <summary>The run's result in words: failed, passed with warnings, or passed.</summary>
    public static string ResultOf(ReportRun run, ReportCounts counts)
    {
        if (run.Failed || counts.Failed > 0 || counts.RunErrors > 0)
        {
            return "failed";
        }

        return counts.Warned > 0 || counts.RunWarnings > 0 ? "passed with warnings" : "passed";
    }
}
