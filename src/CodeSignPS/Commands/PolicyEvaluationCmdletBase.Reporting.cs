using System.Management.Automation;
using CodeSignPS.Core.Pipeline;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Commands;

/// <summary>
/// Reports and pipeline log lines: each stage runs through the run reporter, so the run is completed
/// (reports and summary written) before the gate's error, and also when a stage fails.
/// </summary>
public abstract partial class PolicyEvaluationCmdletBase
{
    private readonly List<ErrorRecord> _deferredErrors = new();
    private RunReporter? _reporter;
    private ArtifactWalk? _walk;

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
        _reporter = RunReporter.Start(this, ReportPath, ReportFormat, CiProvider);
        _reporter.Run(BeginEvaluation);
    }

    protected override void ProcessRecord() => _reporter!.Run(CollectInputs);

    /// <summary>
    /// Evaluates, completes the run, then lets the cmdlet finish. A gate in enforce mode fails the run
    /// when an input was not evaluated; a denied artifact fails it through its item.
    /// </summary>
    protected override void EndProcessing()
    {
        _reporter!.Run(() => _walk = EvaluateInputs());
        _reporter.Complete(failed: Mode == PolicyMode.Enforce && NotEvaluated.Count > 0);
        foreach (ErrorRecord record in _deferredErrors)
        {
            WriteError(record);
        }

        OnCompleted(_walk!);
    }

    /// <summary>Records the error that stops the command as a run issue, so the log lines and reports show it.</summary>
    private protected override void OnTerminatingError(ErrorRecord errorRecord) => _reporter?.RecordTerminatingError(errorRecord);

    private void RecordPolicy(string policyPath, PolicyMode mode)
    {
        _reporter!.Recorder.PolicyPath = policyPath;
        _reporter.Recorder.Environment = Environment;
        _reporter.Recorder.Mode = mode;
        _reporter.Recorder.Root = _root;
    }

    private void RecordDecision(PolicyDecision decision)
    {
        if (_reporter!.IsActive)
        {
            _reporter.Add(ReportItems.FromDecision(decision));
        }
    }

    /// <summary>Records a file the walk set aside; in audit mode nothing fails the run, so an error becomes a warning.</summary>
    private void RecordArtifactIssue(ArtifactIssue issue)
    {
        if (!_reporter!.IsActive)
        {
            return;
        }

        Core.Reporting.ReportIssue runIssue = ReportItems.FromArtifactIssue(issue);
        _reporter.AddRunIssue(Mode == PolicyMode.Audit ? runIssue with { Severity = ReportSeverity.Warning } : runIssue);
    }

    /// <summary>
    /// Records an input that was not evaluated. In audit mode, which never fails, it is written as a
    /// warning. In enforce mode its error is written once every decision is made, so that
    /// <c>$ErrorActionPreference = 'Stop'</c> cannot keep the other inputs from being judged and reported.
    /// </summary>
    private void WriteNotEvaluatedError(ErrorRecord record)
    {
        bool audit = _evaluator?.Mode == PolicyMode.Audit;
        _reporter!.AddError(record, audit ? ReportSeverity.Warning : ReportSeverity.Error);
        if (audit)
        {
            WriteWarning(record.ErrorDetails?.Message ?? record.Exception.Message);
            return;
        }

        _deferredErrors.Add(record);
    }
}
