using System.Management.Automation;
using CodeSignPS.Commands;
using CodeSignPS.Core;
using CodeSignPS.Core.Pipeline;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS;

/// <summary>
/// The cmdlet side of a recorded run: takes -ReportPath, -ReportFormat and -CiProvider, sends the
/// recorder's log command lines to the host, and makes sure the run is completed (reports and summary
/// written) however the command ends.
/// </summary>
internal sealed class RunReporter
{
    private readonly CodeSignCmdletBase _cmdlet;
    private readonly bool _confirmsReports;

    private RunReporter(CodeSignCmdletBase cmdlet, RunRecorder recorder, bool confirmsReports)
    {
        _cmdlet = cmdlet;
        Recorder = recorder;
        _confirmsReports = confirmsReports;
    }

    /// <summary>The core recorder, for the policy details of the run.</summary>
    public RunRecorder Recorder { get; }

    /// <summary>Whether anything is recorded; callers skip building report items when it is not.</summary>
    public bool IsActive => Recorder.IsActive;

    /// <summary>
    /// Checks the reporting parameters and starts recording. -ReportFormat without -ReportPath stops
    /// the command, because the formats would have nowhere to go.
    /// </summary>
    /// <param name="confirmsReports">True for a cmdlet that supports ShouldProcess: it confirms before writing the report files, so -WhatIf writes none.</param>
    public static RunReporter Start(CodeSignCmdletBase cmdlet, string? reportPath, ReportFormat[] formats, CiProvider? provider, bool confirmsReports = false)
    {
        if (formats.Length > 0 && reportPath is null)
        {
            string message = $"-ReportFormat {string.Join(",", formats)} names the formats of report files, but no -ReportPath was given. Add -ReportPath with the report file, or with several formats the folder for them.";
            cmdlet.ThrowTerminatingError(ErrorRecordFactory.Create("ReportFormatWithoutReportPath", FailureCategory.InvalidArgument, message, null));
        }

        string? fullReportPath = reportPath is null ? null : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(reportPath);
        var settings = new RunSettings
        {
            Command = cmdlet.MyInvocation.MyCommand.Name,
            ToolVersion = typeof(RunReporter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Ci = PipelineOutput.Resolve(provider),
            ReportPath = fullReportPath,
            ReportFormats = formats,
        };
        var recorder = new RunRecorder(settings, line => WriteUnlessStopped(cmdlet, () => PipelineOutput.WriteCommand(cmdlet, line)));
        try
        {
            recorder.ValidateReportPath();
        }
        catch (CodeSignException exception)
        {
            // Before any file is touched: a report path that cannot work must not leave files signed by a failed step.
            cmdlet.ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
        }

        return new RunReporter(cmdlet, recorder, confirmsReports) { ReportPath = fullReportPath };
    }

    /// <summary>
    /// Counts the files queued but not yet recorded, for the run issue of a command that ends early.
    /// It is null for a command that queues no files.
    /// </summary>
    public Func<(int Unfinished, int Queued)>? QueuedFiles { get; set; }

    /// <summary>The report file or folder, as a full path; null when no report was requested.</summary>
    public string? ReportPath { get; private init; }

    /// <summary>Records one artifact; call it before writing an error for the artifact.</summary>
    public void Add(ReportItem item) => Recorder.Add(item);

    /// <summary>Records a problem of the run itself; call it before writing its error.</summary>
    public void AddRunIssue(ReportIssue issue) => Recorder.AddRunIssue(issue);

    /// <summary>Records the error about to be written for an input that was not processed.</summary>
    public void AddError(ErrorRecord record, ReportSeverity severity = ReportSeverity.Error)
    {
        if (!IsActive)
        {
            return;
        }

        string code = record.FullyQualifiedErrorId.Split(',')[0];
        string message = record.ErrorDetails?.Message ?? record.Exception.Message;
        string? path = record.TargetObject is string target && System.IO.Path.IsPathRooted(target) ? target : null;
        Recorder.AddRunIssue(new ReportIssue(severity, code, message, path));
    }

    /// <summary>
    /// Runs one stage of the command. When the stage throws, the failure is recorded, the run is
    /// completed as failed, and the exception goes on unchanged, so a terminating error, a stopped
    /// gate, <c>$ErrorActionPreference = 'Stop'</c>, Ctrl+C or a downstream <c>Select-Object -First</c>
    /// still leave their reports, which name the queued files that were not processed.
    /// </summary>
    public void Run(Action stage)
    {
        try
        {
            stage();
        }
        catch (Exception exception)
        {
            // Ctrl+C. A later command that needs no more output (Select-Object -First) shows only as
            // a PipelineStoppedException, as a stop by an error does; RecordFailure words for both.
            bool stopped = _cmdlet.Stopping;
            if (!stopped)
            {
                RecordFailure(exception);
            }

            RecordUnfinishedFiles(stopped);
            Complete(failed: true, errorUnderWay: true);
            throw;
        }
    }

    /// <summary>
    /// Completes the run once: writes the reports and the summary. A report that cannot be written is
    /// an error, or a warning while another error is already ending the command, so that the first
    /// error is the one the caller receives. A summary that cannot be written is a warning, because
    /// the run page is a convenience that must not fail the step.
    /// </summary>
    public void Complete(bool failed, bool errorUnderWay = false)
    {
        if (Recorder.IsCompleted)
        {
            return;
        }

        RunCompletion completion = Recorder.Complete(failed, ShouldWriteReports());
        foreach (string path in completion.ReportPaths)
        {
            WriteUnlessStopped(_cmdlet, () => _cmdlet.WriteVerbose($"Wrote the report '{path}'."));
        }

        foreach (CodeSignException failure in completion.Failures)
        {
            if (errorUnderWay)
            {
                WriteUnlessStopped(_cmdlet, () => _cmdlet.WriteWarning(failure.Message));
            }
            else
            {
                _cmdlet.WriteError(ErrorRecordFactory.FromCodeSignException(failure));
            }
        }

        if (completion.SummaryFailure is { } summaryFailure)
        {
            WriteUnlessStopped(_cmdlet, () => _cmdlet.WriteWarning(summaryFailure.Message));
        }
    }

    /// <summary>
    /// Whether to write the report files. A cmdlet that confirms them calls ShouldProcess. Once the
    /// pipeline is stopping it can no longer prompt, so it writes them unless -WhatIf is in effect:
    /// the files it changed were confirmed already.
    /// </summary>
    private bool ShouldWriteReports()
    {
        if (!_confirmsReports || ReportPath is null)
        {
            return true;
        }

        if (_cmdlet.Stopping)
        {
            return !IsWhatIf();
        }

        return _cmdlet.ShouldProcess(ReportPath, "Write the run report");
    }

    private bool IsWhatIf()
    {
        if (_cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? value))
        {
            return value is SwitchParameter { IsPresent: true } or true;
        }

        return LanguagePrimitives.IsTrue(_cmdlet.SessionState.PSVariable.GetValue("WhatIfPreference"));
    }

    /// <summary>
    /// Runs a write to the host streams, dropping it when the pipeline is stopping: PowerShell then
    /// refuses every write, and the report files, which are still written, carry the record.
    /// </summary>
    private static void WriteUnlessStopped(Cmdlet cmdlet, Action write)
    {
        if (cmdlet.Stopping)
        {
            return;
        }

        try
        {
            write();
        }
        catch (PipelineStoppedException) when (cmdlet.Stopping)
        {
        }
    }

    /// <summary>
    /// Records, for a command that ends before its queue is done, how many queued files were not
    /// processed, so that the report accounts for every file the command found.
    /// </summary>
    private void RecordUnfinishedFiles(bool stopped)
    {
        (int unfinished, int queued) = QueuedFiles?.Invoke() ?? (0, 0);
        string command = _cmdlet.MyInvocation.MyCommand.Name;
        if (unfinished > 0)
        {
            string message = $"{command} stopped before it finished: {unfinished} of the {queued} queued file(s) have no item in this report. Those that were under way when it stopped may be done; the others were not touched. Run the command again for them.";
            AddRunIssue(new ReportIssue(ReportSeverity.Error, "FilesNotProcessed", message));
        }
        else if (stopped)
        {
            string message = $"{command} was stopped (Ctrl+C, or a later command in the pipeline needed no more output) before it completed.";
            AddRunIssue(new ReportIssue(ReportSeverity.Error, "CommandStopped", message));
        }
    }

    /// <summary>
    /// Records the error a cmdlet is about to stop with: each problem of a policy file that did not
    /// load, or the error itself.
    /// </summary>
    public void RecordTerminatingError(ErrorRecord record)
    {
        if (record.Exception is PolicyLoadException policyErrors)
        {
            foreach (ReportIssue issue in PipelineAnnotations.IssuesOf(policyErrors))
            {
                AddRunIssue(issue);
            }

            return;
        }

        AddError(record);
    }

    private void RecordFailure(Exception exception)
    {
        // PowerShell signals both ThrowTerminatingError and a stop by $ErrorActionPreference with
        // PipelineStoppedException, which no longer carries the error. The cmdlets record their errors
        // before they throw or write them. A stop from elsewhere (PowerShell itself, a later command)
        // still leaves a run issue, so a failed run always has a reason.
        if (exception is PipelineStoppedException or ActionPreferenceStopException)
        {
            if (!Recorder.HasErrors)
            {
                string message = $"{_cmdlet.MyInvocation.MyCommand.Name} stopped before it completed: an error stopped it, and the command's error output names it, or a later command in the pipeline (such as Select-Object -First) needed no more output.";
                AddRunIssue(new ReportIssue(ReportSeverity.Error, "CommandStopped", message));
            }

            return;
        }

        if (exception is RuntimeException { ErrorRecord: { } record })
        {
            RecordTerminatingError(record);
            return;
        }

        AddRunIssue(new ReportIssue(ReportSeverity.Error, exception.GetType().Name, exception.Message));
    }
}
