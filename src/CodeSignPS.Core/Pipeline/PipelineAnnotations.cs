using System.Text;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Pipeline;

/// <summary>
/// Turns report items and run issues into the annotation lines a runner shows on the run page: one
/// error or warning per failed or warned artifact, one per problem of the run itself.
/// </summary>
/// <remarks>
/// The annotation's file is the full path. Both runners turn a full path inside the repository into
/// the repository-relative path they link to: the Azure Pipelines agent in its task.logissue
/// handler, the GitHub runner by making <c>file</c> relative to <c>GITHUB_WORKSPACE</c>. A path
/// relative to some other folder would be taken as relative to the repository root and could name
/// the wrong file. The message starts with the display path, which people read.
/// </remarks>
public static class PipelineAnnotations
{
    /// <summary>The annotation for <paramref name="item"/>; null when it passed or was skipped.</summary>
    public static string? ForItem(PipelineCommands commands, ReportItem item)
    {
        ReportSeverity severity;
        switch (item.Outcome)
        {
            case ReportOutcome.Failed:
                severity = ReportSeverity.Error;
                break;
            case ReportOutcome.Warned:
                severity = ReportSeverity.Warning;
                break;
            default:
                return null;
        }

        return commands.LogIssue(severity, DescribeItem(item), item.Path, code: CodeOf(item, severity));
    }

    /// <summary>The annotation for a problem of the run itself, with its file, line and column when it has them.</summary>
    public static string ForIssue(PipelineCommands commands, ReportIssue issue) =>
        commands.LogIssue(issue.Severity, issue.Message, issue.Path, issue.Line, issue.Column, issue.Code);

    /// <summary>The run issues for each problem of a policy file that did not load, in file order.</summary>
    public static IReadOnlyList<ReportIssue> IssuesOf(PolicyLoadException exception) =>
        exception.Errors.Select(ReportItems.FromPolicyError).ToArray();

    /// <summary>
    /// The message of an item's annotation: its display path, its status and every reason, such as
    /// "scripts/a.ps1: Deny: The file is not signed. The signer is none of the publishers of rule 'scripts'.".
    /// Reasons that end a sentence are joined with a space, others with "; ".
    /// </summary>
    public static string DescribeItem(ReportItem item)
    {
        var message = new StringBuilder($"{item.DisplayPath}: {item.Status}");
        string separator = ": ";
        foreach (ReportIssue issue in item.Issues)
        {
            message.Append(separator).Append(issue.Message);
            separator = issue.Message.TrimEnd().EndsWith('.') ? " " : "; ";
        }

        return message.ToString();
    }

    /// <summary>The code of the first finding as severe as the item, else of the first finding, else the item's status.</summary>
    private static string CodeOf(ReportItem item, ReportSeverity severity)
    {
        ReportIssue? first = item.Issues.FirstOrDefault(issue => issue.Severity == severity) ?? item.Issues.FirstOrDefault();
        return first?.Code ?? item.Status;
    }
}
