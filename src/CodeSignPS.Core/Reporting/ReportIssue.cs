namespace CodeSignPS.Core.Reporting;

/// <summary>
/// One finding: a failed check on an artifact, or a problem of the run itself such as a policy file
/// error or an input that was not evaluated.
/// </summary>
/// <param name="Code">A stable identifier: the policy check (for example <c>publisher</c>), a signature status or an error id.</param>
/// <param name="Path">The file the finding is about; null when it is about the run as a whole.</param>
/// <param name="Line">The 1-based line in <paramref name="Path"/>, for findings in text files such as a policy.</param>
/// <param name="Column">The 1-based column in <paramref name="Path"/>.</param>
public sealed record ReportIssue(ReportSeverity Severity, string Code, string Message, string? Path = null, int? Line = null, int? Column = null);
