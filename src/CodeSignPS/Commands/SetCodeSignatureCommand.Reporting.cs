using System.Management.Automation;
using CodeSignPS.Core.Pipeline;
using CodeSignPS.Core.Reporting;
using CodeSignPS.Core.Signing;

namespace CodeSignPS.Commands;

/// <summary>
/// Reports and pipeline log lines: one item per file, Signed, Skipped (already signed) or Failed,
/// recorded before the file's error is written. Each stage runs through the run reporter, so the run
/// is completed however it ends, also when the key does not open.
/// </summary>
public sealed partial class SetCodeSignatureCommand
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

    protected override void BeginProcessing()
    {
        _reporter = RunReporter.Start(this, ReportPath, ReportFormat, CiProvider, confirmsReports: true);
        _displayRoot = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        _reporter.Recorder.Root = _displayRoot;
        _reporter.Run(BeginSigning);
    }

    protected override void ProcessRecord() => _reporter!.Run(base.ProcessRecord);

    private protected override void OnInputError(ErrorRecord record) => _reporter?.AddError(record);

    protected override void EndProcessing()
    {
        _reporter!.Run(EndSigning);
        _reporter.Complete(failed: false);
    }

    /// <summary>
    /// Records the error as a run issue, then stops the command with it. It hides the inherited
    /// method so that every stop this cmdlet makes shows in the log lines and reports: PowerShell
    /// throws a PipelineStoppedException that no longer carries the record.
    /// </summary>
    private new void ThrowTerminatingError(ErrorRecord errorRecord)
    {
        _reporter?.RecordTerminatingError(errorRecord);
        base.ThrowTerminatingError(errorRecord);
    }

    private void RecordOutcome(SignOutcome outcome)
    {
        if (_reporter!.IsActive)
        {
            _reporter.Add(ReportItems.FromSignOutcome(outcome, _displayRoot));
        }
    }

    private void RecordFailure(string path, Exception exception)
    {
        if (_reporter!.IsActive)
        {
            _reporter.Add(ReportItems.FromSigningFailure(path, exception, _displayRoot));
        }
    }
}
