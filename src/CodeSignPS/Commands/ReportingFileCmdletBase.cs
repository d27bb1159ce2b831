using System.Management.Automation;
using CodeSignPS.Core.Pipeline;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Commands;

/// <summary>
/// The file cmdlets that report, Get-CodeSignature and Set-CodeSignature: -ReportPath, -ReportFormat
/// and -CiProvider, and one report item per file. Each stage runs through the run reporter, so the
/// run is completed, with its log lines and reports, however it ends.
/// </summary>
public abstract class ReportingFileCmdletBase : CodeSignFileCmdletBase
{
    private RunReporter? _reporter;
    private string? _displayRoot;

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

    /// <summary>Whether writing the report files is confirmed with ShouldProcess, so that -WhatIf writes none.</summary>
    private protected virtual bool ConfirmsReports => false;

    /// <summary>The run reporter; set in BeginProcessing.</summary>
    private protected RunReporter Reporter => _reporter ?? throw new InvalidOperationException("The run reporter is created in BeginProcessing.");

    protected sealed override void BeginProcessing()
    {
        _reporter = RunReporter.Start(this, ReportPath, ReportFormat, CiProvider, ConfirmsReports);
        _displayRoot = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        _reporter.Recorder.Root = _displayRoot;
        _reporter.Run(BeginFiles);
    }

    protected sealed override void ProcessRecord() => Reporter.Run(base.ProcessRecord);

    protected sealed override void EndProcessing()
    {
        Reporter.Run(EndFiles);
        Reporter.Complete(failed: false);
    }

    /// <summary>Opens what the files need (keys, trust stores) before the first file arrives.</summary>
    private protected abstract void BeginFiles();

    /// <summary>Handles the files still queued once the pipeline ends.</summary>
    private protected abstract void EndFiles();

    private protected override void OnInputError(ErrorRecord record) => _reporter?.AddError(record);

    /// <summary>
    /// Records the error as a run issue, then stops the command with it. It hides the inherited
    /// method so that every stop a derived cmdlet makes shows in the log lines and reports:
    /// PowerShell throws a PipelineStoppedException that no longer carries the record.
    /// </summary>
    private protected new void ThrowTerminatingError(ErrorRecord errorRecord)
    {
        _reporter?.RecordTerminatingError(errorRecord);
        base.ThrowTerminatingError(errorRecord);
    }

    /// <summary>Adds the item <paramref name="create"/> makes from the display root, when a report or a runner wants it.</summary>
    private protected void Record(Func<string?, ReportItem> create)
    {
        if (Reporter.IsActive)
        {
            Reporter.Add(create(_displayRoot));
        }
    }
}
