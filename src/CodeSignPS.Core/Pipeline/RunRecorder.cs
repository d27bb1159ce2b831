using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Pipeline;

/// <summary>
/// Records one command run for the pipeline. It writes an annotation line as each failed or warned
/// artifact and each run problem arrives. At completion it writes the report files, the runner's
/// summary and, on Azure Pipelines, the step result of a run that only warned.
/// </summary>
/// <remarks>
/// A recorder with no runner and no report path is inactive: it keeps nothing, so a plain run pays
/// only for the checks of <see cref="IsActive"/>. Lines go to the writer given, in the order they
/// are recorded, and the recorder is used from one thread.
/// </remarks>
public sealed class RunRecorder
{
    private readonly RunSettings _settings;
    private readonly Action<string> _writeLine;
    private readonly PipelineCommands? _commands;
    private readonly DateTimeOffset _startTime;
    private readonly List<ReportItem> _items = new();
    private readonly List<ReportIssue> _runIssues = new();
    private RunCompletion? _completion;

    /// <param name="writeLine">Writes one log command line where the runner reads it.</param>
    public RunRecorder(RunSettings settings, Action<string> writeLine)
    {
        _settings = settings;
        _writeLine = writeLine;
        _commands = PipelineCommands.For(settings.Ci.Provider);
        _startTime = settings.Time.GetUtcNow();
    }

    /// <summary>Whether anything is recorded: a runner is active or report files were requested.</summary>
    public bool IsActive => _commands is not null || _settings.ReportPath is not null;

    /// <summary>Whether <see cref="Complete"/> has run; later items and issues are ignored.</summary>
    public bool IsCompleted => _completion is not null;

    /// <summary>Whether a failed artifact or a run problem of error severity has been recorded.</summary>
    public bool HasErrors =>
        _items.Exists(item => item.Outcome == ReportOutcome.Failed) || _runIssues.Exists(issue => issue.Severity == ReportSeverity.Error);

    /// <summary>The policy file evaluated, for the report.</summary>
    public string? PolicyPath { get; set; }

    /// <summary>The policy environment evaluated, for the report.</summary>
    public string? Environment { get; set; }

    /// <summary>The mode of the policy environment evaluated, for the report.</summary>
    public PolicyMode? Mode { get; set; }

    /// <summary>The folder display paths are relative to: the policy's artifact root, or the working folder.</summary>
    public string? Root { get; set; }

    /// <summary>
    /// Checks that the report path can take the requested formats (see <see cref="ReportWriter.Validate"/>),
    /// so that a command rejects a path that cannot work before it changes any file. Does nothing
    /// when no report was requested.
    /// </summary>
    /// <exception cref="CodeSignException">The errors of <see cref="ReportWriter.Validate"/>.</exception>
    public void ValidateReportPath()
    {
        if (_settings.ReportPath is { } path)
        {
            ReportWriter.Validate(path, ReportFormats());
        }
    }

    /// <summary>Records one artifact, writing its annotation first when it failed or warned.</summary>
    public void Add(ReportItem item)
    {
        if (!IsActive || IsCompleted)
        {
            return;
        }

        if (_commands is not null && PipelineAnnotations.ForItem(_commands, item) is { } line)
        {
            _writeLine(line);
        }

        _items.Add(item);
    }

    /// <summary>Records a problem of the run itself, writing its annotation first.</summary>
    public void AddRunIssue(ReportIssue issue)
    {
        if (!IsActive || IsCompleted)
        {
            return;
        }

        if (_commands is not null)
        {
            _writeLine(PipelineAnnotations.ForIssue(_commands, issue));
        }

        _runIssues.Add(issue);
    }

    /// <summary>
    /// Ends the run: writes the report files and the summary, and on Azure Pipelines marks a run
    /// that only warned as SucceededWithIssues. Runs once; later calls return the first result.
    /// A file that cannot be written is returned in <see cref="RunCompletion.Failures"/> or
    /// <see cref="RunCompletion.SummaryFailure"/>, so that the caller can report it without losing an
    /// error already under way.
    /// </summary>
    /// <param name="failed">Whether the command failed for a reason the items do not show, such as a gate in enforce mode with inputs that were not evaluated.</param>
    /// <param name="writeReports">False to leave the report files unwritten, as under -WhatIf.</param>
    public RunCompletion Complete(bool failed, bool writeReports = true)
    {
        if (_completion is not null)
        {
            return _completion;
        }

        if (!IsActive)
        {
            _completion = new RunCompletion(null, [], null, []);
            return _completion;
        }

        ReportRun run = BuildRun(failed);
        var failures = new List<CodeSignException>();
        IReadOnlyList<string> reportPaths = writeReports ? WriteReports(run, failures) : [];
        string? summaryPath = RunSummaryPublisher.Publish(_settings.Ci, run, _writeLine, out CodeSignException? summaryFailure);
        if (_settings.Ci.Provider == CiProvider.AzurePipelines && IsWarnOnly(run))
        {
            _writeLine(AzurePipelinesCommands.CompleteWithIssues($"{run.Command} found warnings and no failures."));
        }

        _completion = new RunCompletion(run, reportPaths, summaryPath, failures, summaryFailure);
        return _completion;
    }

    private ReportRun BuildRun(bool failed)
    {
        bool anyFailure = failed
            || _items.Any(item => item.Outcome == ReportOutcome.Failed)
            || _runIssues.Any(issue => issue.Severity == ReportSeverity.Error);
        return new ReportRun
        {
            Command = _settings.Command,
            ToolVersion = _settings.ToolVersion,
            StartTime = _startTime,
            EndTime = _settings.Time.GetUtcNow(),
            PolicyPath = PolicyPath,
            Environment = Environment,
            Mode = Mode,
            Root = Root,
            Items = _items.ToArray(),
            RunIssues = _runIssues.ToArray(),
            Failed = anyFailure,
        };
    }

    private static bool IsWarnOnly(ReportRun run) =>
        !run.Failed
        && (run.Items.Any(item => item.Outcome == ReportOutcome.Warned) || run.RunIssues.Any(issue => issue.Severity == ReportSeverity.Warning));

    /// <summary>The formats to write: JUnit when -ReportPath came without formats.</summary>
    private ReportFormat[] ReportFormats() =>
        _settings.ReportFormats.Count == 0 ? [ReportFormat.JUnit] : _settings.ReportFormats.Distinct().ToArray();

    private IReadOnlyList<string> WriteReports(ReportRun run, List<CodeSignException> failures)
    {
        if (_settings.ReportPath is not { } path)
        {
            return [];
        }

        try
        {
            return ReportWriter.Write(run, path, ReportFormats());
        }
        catch (CodeSignException exception)
        {
            failures.Add(exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            string message = $"Cannot write the report '{path}': {exception.Message} Give -ReportPath a location the run can write to.";
            failures.Add(new CodeSignException(ReportErrorIds.ReportWriteFailed, FailureCategory.WriteError, message, path, exception));
        }

        return [];
    }
}
