namespace CodeSignPS.Core.Reporting;

/// <summary>The error ids of <see cref="CodeSignException"/>s that writing reports throws.</summary>
public static class ReportErrorIds
{
    /// <summary>One report format was requested, but the report path is an existing folder.</summary>
    public const string ReportPathIsFolder = nameof(ReportPathIsFolder);

    /// <summary>Several report formats were requested, but the report path is an existing file.</summary>
    public const string ReportPathIsFile = nameof(ReportPathIsFile);

    /// <summary>The report file or its folder could not be created or written.</summary>
    public const string ReportWriteFailed = nameof(ReportWriteFailed);

    /// <summary>No report format was given.</summary>
    public const string ReportFormatMissing = nameof(ReportFormatMissing);
}
