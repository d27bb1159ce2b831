using System.Globalization;
using System.Text;

namespace CodeSignPS.Core.Reporting;

/// <summary>
/// Writes the short Markdown summary a person reads on the run page: the result, the counts, and
/// the failed and warned artifacts and run issues. Each list is capped, so the summary stays well
/// under GitHub's limit of 1 MiB of step summary per step.
/// </summary>
internal static class MarkdownReport
{
    /// <summary>How many artifacts, and how many run issues, the summary lists by name.</summary>
    internal const int MaxRows = 50;

    /// <summary>The longest path and the longest reasons one table cell shows, in characters.</summary>
    internal const int MaxPathLength = 300;
    internal const int MaxReasonsLength = 1000;

    /// <summary>The summary's size limit in UTF-8 bytes. The row and cell limits keep it far below this.</summary>
    internal const int MaxBytes = 256 * 1024;

    public static string Render(ReportRun run)
    {
        ReportCounts counts = ReportCounts.Of(run);
        var text = new StringBuilder();
        WriteTitle(text, run);
        text.Append("**Result: ").Append(ReportCounts.ResultOf(run, counts)).Append("**\n\n");
        WriteCounts(text, counts, run.RunIssues.Count);
        WriteArtifacts(text, run);
        WriteRunIssues(text, run);
        return Cap(text.ToString());
    }

    private static void WriteTitle(StringBuilder text, ReportRun run)
    {
        text.Append("## CodeSignPS: ").Append(MarkdownText.Inline(run.Command));
        if (run.Environment is not null)
        {
            text.Append(", environment ").Append(MarkdownText.Inline(run.Environment));
        }

        if (run.Mode is { } mode)
        {
            text.Append(" (").Append(mode.ToString().ToLowerInvariant()).Append(" mode)");
        }

        text.Append("\n\n");
    }

    private static void WriteCounts(StringBuilder text, ReportCounts counts, int runIssues)
    {
        text.Append("| Artifacts | Passed | Warned | Failed | Skipped | Run issues |\n");
        text.Append("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
        int[] values = [counts.Total, counts.Passed, counts.Warned, counts.Failed, counts.Skipped, runIssues];
        text.Append("| ").Append(string.Join(" | ", values.Select(value => value.ToString(CultureInfo.InvariantCulture)))).Append(" |\n\n");
    }

    private static void WriteArtifacts(StringBuilder text, ReportRun run)
    {
        List<ReportItem> listed = run.Items.Where(item => item.Outcome == ReportOutcome.Failed)
            .Concat(run.Items.Where(item => item.Outcome == ReportOutcome.Warned))
            .ToList();
        if (listed.Count == 0)
        {
            return;
        }

        text.Append("### Failed and warned artifacts\n\n");
        text.Append("| Path | Status | Reasons |\n| --- | --- | --- |\n");
        foreach (ReportItem item in listed.Take(MaxRows))
        {
            string reasons = string.Join("\n", item.Issues.Select(issue => $"{issue.Code}: {issue.Message}"));
            text.Append("| ").Append(MarkdownText.Cell(item.DisplayPath, MaxPathLength))
                .Append(" | ").Append(MarkdownText.Cell(item.Status, MaxPathLength))
                .Append(" | ").Append(MarkdownText.Cell(reasons.Length == 0 ? item.Status : reasons, MaxReasonsLength))
                .Append(" |\n");
        }

        AppendMore(text, listed.Count, "failed or warned artifacts");
    }

    private static void WriteRunIssues(StringBuilder text, ReportRun run)
    {
        if (run.RunIssues.Count == 0)
        {
            return;
        }

        text.Append("### Run issues\n\n");
        text.Append("| Severity | Where | Code | Message |\n| --- | --- | --- | --- |\n");
        foreach (ReportIssue issue in run.RunIssues.Take(MaxRows))
        {
            string where = issue.Path is null ? "" : ReportItems.DisplayPath(issue.Path, run.Root);
            if (issue.Line is { } line)
            {
                where += FormattableString.Invariant($", line {line}") + (issue.Column is { } column ? FormattableString.Invariant($", column {column}") : "");
            }

            text.Append("| ").Append(issue.Severity.ToString().ToLowerInvariant())
                .Append(" | ").Append(MarkdownText.Cell(where, MaxPathLength))
                .Append(" | ").Append(MarkdownText.Cell(issue.Code, MaxPathLength))
                .Append(" | ").Append(MarkdownText.Cell(issue.Message, MaxReasonsLength))
                .Append(" |\n");
        }

        AppendMore(text, run.RunIssues.Count, "run issues");
    }

    private static void AppendMore(StringBuilder text, int count, string what)
    {
        text.Append('\n');
        if (count > MaxRows)
        {
            text.Append(CultureInfo.InvariantCulture, $"… and {count - MaxRows} more {what}; the JUnit, SARIF and JSON reports list them all.\n\n");
        }
    }

    /// <summary>Cuts the summary at a line break below <see cref="MaxBytes"/> when it is longer.</summary>
    private static string Cap(string markdown)
    {
        if (Encoding.UTF8.GetByteCount(markdown) <= MaxBytes)
        {
            return markdown;
        }

        // UTF-8 takes at most 3 bytes per UTF-16 code unit, so this many characters always fit.
        int cut = markdown.LastIndexOf('\n', (MaxBytes / 3) - 1);
        return markdown[..(cut + 1)] + "\n… The summary was cut here to stay within the size a run page shows; the other reports are complete.\n";
    }
}
