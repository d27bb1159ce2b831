namespace CodeSignPS.Core.Reporting;

/// <summary>The file formats a run can be reported in.</summary>
public enum ReportFormat
{
    /// <summary>JUnit XML: one test case per artifact, for test result viewers.</summary>
    JUnit,

    /// <summary>SARIF 2.1.0: one result per denied or warned artifact, for code scanning viewers.</summary>
    Sarif,

    /// <summary>A short Markdown summary for a person reading the run page.</summary>
    Markdown,

    /// <summary>The full results as JSON.</summary>
    Json,
}
