using System.Management.Automation;
using CodeSignPS.Core.Pipeline;

namespace CodeSignPS.Commands;

/// <summary>
/// The base of every cmdlet of the module. Its methods hide the PSCmdlet methods that write text,
/// so that each verbose, warning and debug line, each error and each ShouldProcess prompt goes
/// through <see cref="JobLogText.MakeSafe"/>: a file name that contains a line break and a runner
/// command cannot start a command in a pipeline job's log. The log command lines the module writes
/// on purpose go to the information stream, which is left as it is.
/// </summary>
public abstract class CodeSignCmdletBase : PSCmdlet
{
    /// <summary>Writes a verbose line made safe for a job log.</summary>
    public new void WriteVerbose(string text) => base.WriteVerbose(JobLogText.MakeSafe(text));

    /// <summary>Writes a warning made safe for a job log.</summary>
    public new void WriteWarning(string text) => base.WriteWarning(JobLogText.MakeSafe(text));

    /// <summary>Writes a debug line made safe for a job log.</summary>
    public new void WriteDebug(string text) => base.WriteDebug(JobLogText.MakeSafe(text));

    /// <summary>Writes a non-terminating error whose message is made safe for a job log.</summary>
    public new void WriteError(ErrorRecord errorRecord) => base.WriteError(ErrorRecordFactory.ForJobLog(errorRecord));

    /// <summary>Stops the command with an error whose message is made safe for a job log.</summary>
    public new void ThrowTerminatingError(ErrorRecord errorRecord)
    {
        OnTerminatingError(errorRecord);
        base.ThrowTerminatingError(ErrorRecordFactory.ForJobLog(errorRecord));
    }

    /// <summary>
    /// Runs just before a terminating error stops the command. The reporting cmdlets record the error
    /// here, because the PipelineStoppedException that PowerShell throws no longer carries it.
    /// </summary>
    private protected virtual void OnTerminatingError(ErrorRecord errorRecord)
    {
    }

    /// <summary>Writes a progress record whose texts are made safe for a job log.</summary>
    public new void WriteProgress(ProgressRecord progressRecord)
    {
        progressRecord.Activity = JobLogText.MakeSafe(progressRecord.Activity);
        progressRecord.StatusDescription = JobLogText.MakeSafe(progressRecord.StatusDescription);
        if (progressRecord.CurrentOperation is not null)
        {
            progressRecord.CurrentOperation = JobLogText.MakeSafe(progressRecord.CurrentOperation);
        }

        base.WriteProgress(progressRecord);
    }

    /// <summary>Asks ShouldProcess with a target made safe for a job log (the -WhatIf and -Confirm text).</summary>
    public new bool ShouldProcess(string target) => base.ShouldProcess(JobLogText.MakeSafe(target));

    /// <summary>Asks ShouldProcess with a target and action made safe for a job log.</summary>
    public new bool ShouldProcess(string target, string action) =>
        base.ShouldProcess(JobLogText.MakeSafe(target), JobLogText.MakeSafe(action));

    /// <summary>Asks ShouldProcess with a description, warning and caption made safe for a job log.</summary>
    public new bool ShouldProcess(string verboseDescription, string verboseWarning, string caption) =>
        base.ShouldProcess(JobLogText.MakeSafe(verboseDescription), JobLogText.MakeSafe(verboseWarning), JobLogText.MakeSafe(caption));
}
