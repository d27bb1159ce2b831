using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CodeSignPS.Core.Reporting;

/// <summary>
/// Writes a run as JSON: run metadata, counts, run issues, and per artifact its issues and the full
/// decision or verification detail, projected by hand to plain data so that no key material or
/// runtime object leaks into the file.
/// </summary>
internal static class JsonReport
{
    /// <summary>The version of the document's shape, raised when a field is renamed or removed.</summary>
    public const int SchemaVersion = 1;

    public static byte[] Render(ReportRun run)
    {
        using var buffer = new MemoryStream();
        using (Utf8JsonWriter writer = CreateWriter(buffer))
        {
            WriteRun(writer, run);
        }

        return buffer.ToArray();
    }

    internal static Utf8JsonWriter CreateWriter(Stream stream) =>
        new(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static void WriteRun(Utf8JsonWriter writer, ReportRun run)
    {
        ReportCounts counts = ReportCounts.Of(run);
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteStartObject("tool");
        writer.WriteString("name", "CodeSignPS");
        writer.WriteString("version", run.ToolVersion);
        writer.WriteEndObject();
        writer.WriteString("command", run.Command);
        writer.WriteString("startTime", Time(run.StartTime));
        writer.WriteString("endTime", Time(run.EndTime));
        NullableString(writer, "policyPath", run.PolicyPath);
        NullableString(writer, "environment", run.Environment);
        NullableString(writer, "mode", run.Mode?.ToString());
        NullableString(writer, "root", run.Root);
        writer.WriteBoolean("failed", run.Failed);
        writer.WriteString("result", ReportCounts.ResultOf(run, counts));
        WriteCounts(writer, counts);

        writer.WriteStartArray("runIssues");
        foreach (ReportIssue issue in run.RunIssues)
        {
            WriteIssue(writer, issue);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("items");
        foreach (ReportItem item in run.Items)
        {
            WriteItem(writer, item);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, ReportCounts counts)
    {
        writer.WriteStartObject("counts");
        writer.WriteNumber("total", counts.Total);
        writer.WriteNumber("passed", counts.Passed);
        writer.WriteNumber("warned", counts.Warned);
        writer.WriteNumber("failed", counts.Failed);
        writer.WriteNumber("skipped", counts.Skipped);
        writer.WriteNumber("runErrors", counts.RunErrors);
        writer.WriteNumber("runWarnings", counts.RunWarnings);
        writer.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter writer, ReportItem item)
    {
        writer.WriteStartObject();
        writer.WriteString("path", item.Path);
        writer.WriteString("displayPath", item.DisplayPath);
        writer.WriteString("outcome", item.Outcome.ToString());
        writer.WriteString("status", item.Status);
        writer.WriteStartArray("issues");
        foreach (ReportIssue issue in item.Issues)
        {
            WriteIssue(writer, issue);
        }

        writer.WriteEndArray();
        JsonDetail.Write(writer, item.Detail);
        writer.WriteEndObject();
    }

    internal static void WriteIssue(Utf8JsonWriter writer, ReportIssue issue)
    {
        writer.WriteStartObject();
        writer.WriteString("severity", issue.Severity.ToString());
        writer.WriteString("code", issue.Code);
        writer.WriteString("message", issue.Message);
        NullableString(writer, "path", issue.Path);
        NullableNumber(writer, "line", issue.Line);
        NullableNumber(writer, "column", issue.Column);
        writer.WriteEndObject();
    }

    /// <summary>An ISO 8601 time in UTC with milliseconds, such as <c>2026-12-05T06:10:00.000Z</c>.</summary>
    internal static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static void NullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    internal static void NullableNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    internal static void NullableBoolean(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
