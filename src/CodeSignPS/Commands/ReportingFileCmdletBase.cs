using System.Management.Automation;
using CodeSignPS.Core.Pipeline;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Commands;

/// <summary>
/// The file cmdlets that report, Get-CodeSignature and Set-CodeSignature: -ReportPath, -ReportFormat
/// and -CiProvider, and one report item per file. Each stage runs through the run reporter, so the
/// run is completed, with its log lines and reports, however it ends.
/// </summary>
/// <remarks>
/// The error of a file (or of an input that is not processed) is recorded and annotated at once,
/// but written to the error stream only once the whole batch is done and the reports are complete,
/// in input order. Pipelines run every step under <c>$ErrorActionPreference = 'Stop'</c>, which
/// makes the first written error terminating; held back, it can no longer leave the other files
/// unsigned or missing from the report. Terminating errors (a key that does not open, a bad
/// parameter) still stop the command at once.
/// </remarks>
public abstract class ReportingFileCmdletBase : CodeSignFileCmdletBase
{
    private readonly List<(long Input, ErrorRecord Record)> _heldErrors = new();
    private RunReporter? _reporter;
    private string? _displayRoot;
    private long _inputCount;

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
        _reporter.QueuedFiles = () => (UnfinishedFileCount, QueuedFileCount);
        _reporter.Run(BeginFiles);
    }

    protected sealed override void ProcessRecord() => Reporter.Run(base.ProcessRecord);

    protected sealed override void EndProcessing()
    {
        Reporter.Run(EndFiles);

        // With errors held, a report that cannot be written is a warning, so that under Stop the
        // first file's error stays the one that ends the command.
        Reporter.Complete(failed: false, errorUnderWay: _heldErrors.Count > 0);
        WriteHeldErrors();
    }

    /// <summary>The number of the input being handled: each resolved file and each input error counts one, in input order.</summary>
    private protected long CurrentInput { get; private set; }

    /// <summary>How many files are queued for the batch, for the run issue of a command that ends early.</summary>
    private protected virtual int QueuedFileCount => 0;

    /// <summary>How many queued files have no report item yet.</summary>
    private protected virtual int UnfinishedFileCount => 0;

    /// <summary>
    /// Holds the error of a file until the batch is done; record the file's report item first.
    /// <paramref name="input"/> is the <see cref="CurrentInput"/> the file had when it arrived,
    /// which orders the errors; the current one when not given.
    /// </summary>
    private protected void WriteFileError(ErrorRecord record, long? input = null) =>
        _heldErrors.Add((input ?? CurrentInput, record));

    private protected override void OnFileResolved(ResolvedFile file) => CurrentInput = ++_inputCount;

    private protected override void DeliverInputError(ErrorRecord record)
    {
        CurrentInput = ++_inputCount;
        WriteFileError(record);
    }

    /// <summary>
    /// Writes the held errors in input order. Under <c>-ErrorAction Stop</c> the first one ends the
    /// command, after every file was handled and the reports were written.
    /// </summary>
    private void WriteHeldErrors()
    {
        (long Input, ErrorRecord Record)[] held = _heldErrors.OrderBy(error => error.Input).ToArray();
        _heldErrors.Clear();
        foreach ((_, ErrorRecord record) in held)
        {
            WriteError(record);
        }
    }

    /// <summary>Opens what the files need (keys, trust stores) before the first file arrives.</summary>
    private protected abstract void BeginFiles();

    /// <summary>Handles the files still queued once the pipeline ends.</summary>
    private protected abstract void EndFiles();

    private protected override void OnInputError(ErrorRecord record) => _reporter?.AddError(record);

    /// <summary>Records the error that stops the command as a run issue, so the log lines and reports show it.</summary>
    private protected override void OnTerminatingError(ErrorRecord errorRecord) => _reporter?.RecordTerminatingError(errorRecord);

    /// <summary>Adds the item <paramref name="create"/> makes from the display root, when a report or a runner wants it.</summary>
    private protected void Record(Func<string?, ReportItem> create)
    {
        if (Reporter.IsActive)
        {
            Reporter.Add(create(_displayRoot));
        }
    }
}
