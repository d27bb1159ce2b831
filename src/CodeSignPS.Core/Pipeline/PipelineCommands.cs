using System.Globalization;
using System.Text;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Pipeline;

/// <summary>
/// Formats the log lines a runner reads as commands. Every value is escaped the way its runner
/// unescapes it, so a path or message holding the runner's delimiters or a line break arrives whole.
/// </summary>
public abstract class PipelineCommands
{
    /// <summary>The formatter for <paramref name="provider"/>; null for <see cref="CiProvider.None"/>.</summary>
    public static PipelineCommands? For(CiProvider provider) => provider switch
    {
        CiProvider.AzurePipelines => new AzurePipelinesCommands(),
        CiProvider.GitHubActions => new GitHubActionsCommands(),
        _ => null,
    };

    /// <summary>An error or warning annotation on the run, pointing at a file and optionally a line and column.</summary>
    public abstract string LogIssue(ReportSeverity severity, string message, string? file = null, int? line = null, int? column = null, string? code = null);

    /// <summary>Tells the runner to mask <paramref name="value"/> in every later log line.</summary>
    public abstract string MaskSecret(string value);
}

/// <summary>Azure Pipelines logging commands: <c>##vso[area.action key=value;...]message</c>.</summary>
public sealed class AzurePipelinesCommands : PipelineCommands
{
    public override string LogIssue(ReportSeverity severity, string message, string? file = null, int? line = null, int? column = null, string? code = null)
    {
        var properties = new StringBuilder();
        properties.Append("type=").Append(severity == ReportSeverity.Error ? "error" : "warning").Append(';');
        AppendProperty(properties, "sourcepath", file);
        AppendProperty(properties, "linenumber", line?.ToString(CultureInfo.InvariantCulture));
        AppendProperty(properties, "columnnumber", column?.ToString(CultureInfo.InvariantCulture));
        AppendProperty(properties, "code", code);
        return $"##vso[task.logissue {properties}]{EscapeData(message)}";
    }

    public override string MaskSecret(string value) => "##vso[task.setsecret]" + EscapeData(value);

    /// <summary>Attaches the Markdown file at <paramref name="path"/> (a full path) to the run's summary page.</summary>
    public static string UploadSummary(string path) => "##vso[task.uploadsummary]" + EscapeData(path);

    /// <summary>Sets the current step's result to SucceededWithIssues, which the run page shows as a partly succeeded step.</summary>
    public static string CompleteWithIssues(string message) => "##vso[task.complete result=SucceededWithIssues;]" + EscapeData(message);

    /// <summary>Escapes a message: the agent reads <c>%AZP25</c>, <c>%0D</c> and <c>%0A</c> back.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%AZP25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a property value, where <c>;</c> ends the value and <c>]</c> the properties.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(";", "%3B", StringComparison.Ordinal)
            .Replace("]", "%5D", StringComparison.Ordinal);

    private static void AppendProperty(StringBuilder properties, string name, string? value)
    {
        if (value is not null)
        {
            properties.Append(name).Append('=').Append(EscapeProperty(value)).Append(';');
        }
    }
}

/// <summary>GitHub Actions workflow commands: <c>::command key=value,...::message</c>.</summary>
public sealed class GitHubActionsCommands : PipelineCommands
{
    public override string LogIssue(ReportSeverity severity, string message, string? file = null, int? line = null, int? column = null, string? code = null)
    {
        var properties = new List<string>();
        if (file is not null)
        {
            properties.Add("file=" + EscapeProperty(file));
        }

        if (line is not null)
        {
            properties.Add("line=" + line.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (column is not null)
        {
            properties.Add("col=" + column.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (code is not null)
        {
            properties.Add("title=" + EscapeProperty(code));
        }

        string command = severity == ReportSeverity.Error ? "error" : severity == ReportSeverity.Warning ? "warning" : "notice";
        string head = properties.Count == 0 ? command : command + " " + string.Join(",", properties);
        return $"::{head}::{EscapeData(message)}";
    }

    public override string MaskSecret(string value) => "::add-mask::" + EscapeData(value);

    /// <summary>Escapes a message: the runner reads <c>%25</c>, <c>%0D</c> and <c>%0A</c> back.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a property value, where <c>,</c> ends the value and <c>:</c> starts the message.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);
}
