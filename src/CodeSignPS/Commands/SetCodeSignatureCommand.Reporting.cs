using System.Management.Automation;
using CodeSignPS.Core.Pipeline;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Commands;

public sealed partial class SetCodeSignatureCommand
{
    /// <summary>The report file, or with several -ReportFormat values the folder that receives one file per format.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReportPath { get; set; }

    /// <summary>The report formats; JUnit when -ReportPath is given alone.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public ReportFormat[] ReportFormat { get; set; } = [];

    /// <summary>The runner whose log commands to write; detected from TF_BUILD and GITHUB_ACTIONS when not given.</summary>
    [Parameter]
    public CiProvider? CiProvider { get; set; }
}
