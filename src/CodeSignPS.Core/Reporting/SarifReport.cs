using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CodeSignPS.Core.Reporting;

/// <summary>
/// Writes a run as a SARIF 2.1.0 log with one result per issue of a failed or warned artifact and per
/// run issue. The issue code is the rule and the file is the location. Policy file errors also carry
/// their line and column.
/// </summary>
internal static class SarifReport
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static byte[] Render(ReportRun run)
    {
        List<(ReportIssue Issue, string? Path)> findings = CollectFindings(run);
        List<(string Code, ReportSeverity Level)> rules = CollectRules(findings);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUri);
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            WriteTool(writer, run, rules);
            WriteInvocation(writer, run);
            WriteAutomationDetails(writer, run);
            bool usesRoot = WriteResults(writer, run, findings, rules);
            if (usesRoot && run.Root is not null)
            {
                writer.WriteStartObject("originalUriBaseIds");
                writer.WriteStartObject(SarifUris.RootBaseId);
                writer.WriteString("uri", SarifUris.FolderUri(run.Root));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteString("columnKind", "utf16CodeUnits");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The issues that become results, with the file each is located at.</summary>
    private static List<(ReportIssue Issue, string? Path)> CollectFindings(ReportRun run)
    {
        var findings = new List<(ReportIssue, string?)>();
        foreach (ReportItem item in run.Items.Where(item => item.Outcome is ReportOutcome.Failed or ReportOutcome.Warned))
        {
            IReadOnlyList<ReportIssue> issues = item.Issues.Count > 0
                ? item.Issues
                : [new ReportIssue(item.Outcome == ReportOutcome.Failed ? ReportSeverity.Error : ReportSeverity.Warning, item.Status, item.Status)];
            findings.AddRange(issues.Select(issue => (issue, (string?)(issue.Path ?? item.Path))));
        }

        findings.AddRange(run.RunIssues.Select(issue => (issue, issue.Path)));
        return findings;
    }

    /// <summary>One rule per distinct code, in order of first use, with the most severe level it was reported at.</summary>
    private static List<(string Code, ReportSeverity Level)> CollectRules(List<(ReportIssue Issue, string? Path)> findings)
    {
        var rules = new List<(string Code, ReportSeverity Level)>();
        foreach ((ReportIssue issue, _) in findings)
        {
            int index = rules.FindIndex(rule => rule.Code == issue.Code);
            if (index < 0)
            {
                rules.Add((issue.Code, issue.Severity));
            }
            else if (issue.Severity < rules[index].Level)
            {
                rules[index] = (issue.Code, issue.Severity);
            }
        }

        return rules;
    }

    private static void WriteTool(Utf8JsonWriter writer, ReportRun run, List<(string Code, ReportSeverity Level)> rules)
    {
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "CodeSignPS");
        writer.WriteString("version", run.ToolVersion);
        writer.WriteString("semanticVersion", run.ToolVersion);
        writer.WriteStartArray("rules");
        foreach ((string code, ReportSeverity level) in rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", code);
            writer.WriteString("name", SarifRules.NameOf(code));
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", SarifRules.Describe(code));
            writer.WriteEndObject();
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", LevelOf(level));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter writer, ReportRun run)
    {
        writer.WriteStartArray("invocations");
        writer.WriteStartObject();
        writer.WriteBoolean("executionSuccessful", !run.Failed);
        writer.WriteString("startTimeUtc", Utc(run.StartTime));
        writer.WriteString("endTimeUtc", Utc(run.EndTime));
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary>Names the run's category (command and environment), so that a viewer keeps the logs of different gates apart.</summary>
    private static void WriteAutomationDetails(Utf8JsonWriter writer, ReportRun run)
    {
        writer.WriteStartObject("automationDetails");
        string environment = run.Environment is null ? "" : run.Environment + "/";
        writer.WriteString("id", $"CodeSignPS/{run.Command}/{environment}");
        writer.WriteEndObject();
    }

    /// <summary>Writes the results and returns whether any location is relative to the root.</summary>
    private static bool WriteResults(Utf8JsonWriter writer, ReportRun run, List<(ReportIssue Issue, string? Path)> findings, List<(string Code, ReportSeverity Level)> rules)
    {
        bool usesRoot = false;
        writer.WriteStartArray("results");
        foreach ((ReportIssue issue, string? path) in findings)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", issue.Code);
            writer.WriteNumber("ruleIndex", rules.FindIndex(rule => rule.Code == issue.Code));
            writer.WriteString("level", LevelOf(issue.Severity));
            writer.WriteStartObject("message");
            writer.WriteString("text", issue.Message.Length == 0 ? issue.Code : issue.Message);
            writer.WriteEndObject();
            if (path is not null)
            {
                usesRoot |= WriteLocation(writer, issue, path, run.Root);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        return usesRoot;
    }

    private static bool WriteLocation(Utf8JsonWriter writer, ReportIssue issue, string path, string? root)
    {
        (string uri, string? baseId) = SarifUris.Locate(path, root);
        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        writer.WriteString("uri", uri);
        if (baseId is not null)
        {
            writer.WriteString("uriBaseId", baseId);
        }

        writer.WriteEndObject();
        if (issue.Line is { } line && line > 0)
        {
            writer.WriteStartObject("region");
            writer.WriteNumber("startLine", line);
            if (issue.Column is { } column && column > 0)
            {
                writer.WriteNumber("startColumn", column);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        return baseId is not null;
    }

    private static string LevelOf(ReportSeverity severity) => severity switch
    {
        ReportSeverity.Error => "error",
        ReportSeverity.Warning => "warning",
        _ => "note",
    };

    private static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
