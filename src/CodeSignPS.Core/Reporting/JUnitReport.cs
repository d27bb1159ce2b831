using System.Globalization;
using System.Text;
using System.Xml;

namespace CodeSignPS.Core.Reporting;

/// <summary>
/// Writes a run as JUnit XML, the format that Azure DevOps' PublishTestResults task (testResultsFormat
/// JUnit) and the GitHub test reporters read. The file has one test suite per run and one test case
/// per artifact. Each run issue of error severity is a failing test case too, so a failed run shows red.
/// </summary>
internal static class JUnitReport
{
    public static byte[] Render(ReportRun run)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            NewLineChars = "\n",
        };
        using var buffer = new MemoryStream();
        using (XmlWriter writer = XmlWriter.Create(buffer, settings))
        {
            WriteDocument(writer, run);
        }

        return buffer.ToArray();
    }

    private static void WriteDocument(XmlWriter writer, ReportRun run)
    {
        ReportCounts counts = ReportCounts.Of(run);
        int tests = counts.Total + run.RunIssues.Count;
        int failures = counts.Failed + counts.RunErrors;
        string suiteName = run.Environment is null ? run.Command : $"{run.Command} ({run.Environment})";
        string time = Seconds(run);

        writer.WriteStartDocument();
        writer.WriteStartElement("testsuites");
        Attribute(writer, "name", suiteName);
        // The JUnit schemas that Jenkins and others validate against have no skipped count on <testsuites>.
        WriteCounts(writer, tests, failures, skipped: null, time);

        writer.WriteStartElement("testsuite");
        Attribute(writer, "name", suiteName);
        WriteCounts(writer, tests, failures, counts.Skipped, time);
        // The JUnit schema's timestamp has no time zone, so it is written in UTC.
        Attribute(writer, "timestamp", run.StartTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));

        WriteProperties(writer, run);
        string className = ClassName(run);
        foreach (ReportItem item in run.Items)
        {
            WriteItem(writer, item, className);
        }

        foreach (ReportIssue issue in run.RunIssues)
        {
            WriteRunIssue(writer, issue, className, run.Root);
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteCounts(XmlWriter writer, int tests, int failures, int? skipped, string time)
    {
        Attribute(writer, "tests", Number(tests));
        Attribute(writer, "failures", Number(failures));
        Attribute(writer, "errors", "0");
        if (skipped is { } count)
        {
            Attribute(writer, "skipped", Number(count));
        }

        Attribute(writer, "time", time);
    }

    private static void WriteProperties(XmlWriter writer, ReportRun run)
    {
        writer.WriteStartElement("properties");
        Property(writer, "command", run.Command);
        Property(writer, "toolVersion", run.ToolVersion);
        Property(writer, "policy", run.PolicyPath);
        Property(writer, "environment", run.Environment);
        Property(writer, "mode", run.Mode?.ToString());
        writer.WriteEndElement();
    }

    private static void WriteItem(XmlWriter writer, ReportItem item, string className)
    {
        StartTestCase(writer, item.DisplayPath, className, item.Path);
        switch (item.Outcome)
        {
            case ReportOutcome.Failed:
                ReportIssue? first = item.Issues.FirstOrDefault(issue => issue.Severity == ReportSeverity.Error) ?? item.Issues.FirstOrDefault();
                WriteFailure(writer, first?.Message ?? item.Status, first?.Code ?? item.Status, Describe(item.Issues, item.Status));
                break;
            case ReportOutcome.Skipped:
                writer.WriteStartElement("skipped");
                Attribute(writer, "message", item.Issues.FirstOrDefault()?.Message ?? item.Status);
                writer.WriteEndElement();
                break;
        }

        // Warnings and notes do not fail a test case, so they go to its output, where viewers show them.
        if (item.Outcome != ReportOutcome.Failed && item.Issues.Count > 0)
        {
            writer.WriteElementString("system-out", ReportText.ForXml(Describe(item.Issues, item.Status)));
        }

        writer.WriteEndElement();
    }

    private static void WriteRunIssue(XmlWriter writer, ReportIssue issue, string className, string? root)
    {
        string where = issue.Path is null ? "run" : ReportItems.DisplayPath(issue.Path, root);
        if (issue.Line is { } line)
        {
            where += issue.Column is { } column ? $"({Number(line)},{Number(column)})" : $"({Number(line)})";
        }

        StartTestCase(writer, $"{issue.Code}: {where}", className, issue.Path);
        if (issue.Severity == ReportSeverity.Error)
        {
            WriteFailure(writer, issue.Message, issue.Code, Describe([issue], issue.Code));
        }
        else
        {
            writer.WriteElementString("system-out", ReportText.ForXml(Describe([issue], issue.Code)));
        }

        writer.WriteEndElement();
    }

    private static void StartTestCase(XmlWriter writer, string name, string className, string? file)
    {
        writer.WriteStartElement("testcase");
        Attribute(writer, "name", name);
        Attribute(writer, "classname", className);
        if (file is not null)
        {
            Attribute(writer, "file", file);
        }

        Attribute(writer, "time", "0");
    }

    private static void WriteFailure(XmlWriter writer, string message, string type, string body)
    {
        writer.WriteStartElement("failure");
        Attribute(writer, "message", ReportText.ForSingleLine(message));
        Attribute(writer, "type", type);
        writer.WriteString(ReportText.ForXml(body));
        writer.WriteEndElement();
    }

    /// <summary>Every issue on a line of its own: severity, code and message.</summary>
    private static string Describe(IReadOnlyList<ReportIssue> issues, string status)
    {
        if (issues.Count == 0)
        {
            return status;
        }

        var text = new StringBuilder();
        foreach (ReportIssue issue in issues)
        {
            text.Append(issue.Severity.ToString().ToLowerInvariant()).Append(' ').Append(issue.Code).Append(": ").Append(issue.Message);
            if (issue.Line is { } line)
            {
                text.Append(" (line ").Append(Number(line));
                text.Append(issue.Column is { } column ? $", column {Number(column)})" : ")");
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>A stable grouping for the test cases of one command and environment, for example <c>CodeSignPS.Assert-CodeSigningPolicy.prod</c>.</summary>
    private static string ClassName(ReportRun run) =>
        run.Environment is null ? $"CodeSignPS.{run.Command}" : $"CodeSignPS.{run.Command}.{run.Environment}";

    private static void Property(XmlWriter writer, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        writer.WriteStartElement("property");
        Attribute(writer, "name", name);
        Attribute(writer, "value", value);
        writer.WriteEndElement();
    }

    private static void Attribute(XmlWriter writer, string name, string value) =>
        writer.WriteAttributeString(name, ReportText.ForXml(value));

    private static string Seconds(ReportRun run)
    {
        double seconds = Math.Max(0, (run.EndTime - run.StartTime).TotalSeconds);
        return seconds.ToString("0.000", CultureInfo.InvariantCulture);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
