namespace CodeSignPS.Core.Reporting;

/// <summary>How one artifact fared, in the terms every report format shares.</summary>
public enum ReportOutcome
{
    Passed,

    /// <summary>Passed, with at least one finding of warning severity.</summary>
    Warned,

    Failed,

    /// <summary>Not judged: no rule covers the artifact, or signing skipped an already signed file.</summary>
    Skipped,
}
