namespace CodeSignPS.Core.Reporting;

public enum ReportSeverity
{
    Error,
    Warning,
    Note,
}
