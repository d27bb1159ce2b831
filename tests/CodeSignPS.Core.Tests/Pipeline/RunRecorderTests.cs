using CodeSignPS.Core.Pipeline;
using CodeSignPS.Core.Reporting;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Pipeline;

public sealed class RunRecorderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<string> _lines = new();

    public void Dispose() => _folder.Dispose();

    private RunRecorder Recorder(CiProvider provider, string? reportPath = null, IReadOnlyList<ReportFormat>? formats = null, Dictionary<string, string>? variables = null)
    {
        variables ??= new Dictionary<string, string> { ["AGENT_TEMPDIRECTORY"] = _folder.Path };
        var settings = new RunSettings
        {
            Command = "Get-CodeSignature",
            ToolVersion = "1.2.3",
            Ci = CiEnvironment.Resolve(provider, name => variables.GetValueOrDefault(name)),
            ReportPath = reportPath,
            ReportFormats = formats ?? [],
        };
        return new RunRecorder(settings, _lines.Add);
    }

    private static ReportItem Item(string name, ReportOutcome outcome) => new()
    {
        Path = "/repo/" + name,
        DisplayPath = name,
        Outcome = outcome,
        Status = outcome.ToString(),
        Issues = outcome is ReportOutcome.Failed or ReportOutcome.Warned
            ? [new ReportIssue(outcome == ReportOutcome.Failed ? ReportSeverity.Error : ReportSeverity.Warning, "check", "reason")]
            : [],
    };

    // ---- inactive ----

    [Fact]
    public void Complete_NoProviderNoReport_WritesNothing()
    {
        RunRecorder recorder = Recorder(CiProvider.None);
        recorder.Add(Item("a.ps1", ReportOutcome.Failed));
        recorder.AddRunIssue(new ReportIssue(ReportSeverity.Error, "X", "x"));

        RunCompletion completion = recorder.Complete(failed: true);

        Assert.False(recorder.IsActive);
        Assert.Empty(_lines);
        Assert.Null(completion.Run);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    // ---- lines as results arrive ----

    [Fact]
    public void Add_Azure_OneLinePerProblemItem()
    {
        RunRecorder recorder = Recorder(CiProvider.AzurePipelines);

        recorder.Add(Item("pass.ps1", ReportOutcome.Passed));
        recorder.Add(Item("fail.ps1", ReportOutcome.Failed));
        recorder.Add(Item("skip.ps1", ReportOutcome.Skipped));
        recorder.Add(Item("warn.ps1", ReportOutcome.Warned));

        Assert.Equal(
            [
                "##vso[task.logissue type=error;sourcepath=/repo/fail.ps1;code=check;]fail.ps1: Failed: reason",
                "##vso[task.logissue type=warning;sourcepath=/repo/warn.ps1;code=check;]warn.ps1: Warned: reason",
            ],
            _lines);
    }

    [Fact]
    public void AddRunIssue_GitHub_WritesLineAtOnce()
    {
        RunRecorder recorder = Recorder(CiProvider.GitHubActions);

        recorder.AddRunIssue(new ReportIssue(ReportSeverity.Error, "PathNotFound", "Cannot find 'x'.", "/repo/x"));

        Assert.Equal(["::error file=/repo/x,title=PathNotFound::Cannot find 'x'."], _lines);
    }

    [Fact]
    public void Add_AfterComplete_Ignored()
    {
        RunRecorder recorder = Recorder(CiProvider.GitHubActions);
        RunCompletion first = recorder.Complete(failed: false);

        recorder.Add(Item("late.ps1", ReportOutcome.Failed));

        Assert.Empty(_lines);
        Assert.Same(first, recorder.Complete(failed: true));
    }

    // ---- completion: step result ----

    [Fact]
    public void Complete_AzureWarnOnly_SucceededWithIssuesLast()
    {
        RunRecorder recorder = Recorder(CiProvider.AzurePipelines);
        recorder.Add(Item("warn.ps1", ReportOutcome.Warned));

        RunCompletion completion = recorder.Complete(failed: false);

        Assert.False(completion.Run!.Failed);
        Assert.Equal("##vso[task.complete result=SucceededWithIssues;]Get-CodeSignature found warnings and no failures.", _lines[^1]);
    }

    [Theory]
    [InlineData(ReportOutcome.Failed, false)]
    [InlineData(ReportOutcome.Passed, false)]
    [InlineData(ReportOutcome.Warned, true)]
    public void Complete_AzureNotWarnOnly_NoStepResult(ReportOutcome second, bool failed)
    {
        RunRecorder recorder = Recorder(CiProvider.AzurePipelines);
        recorder.Add(Item("a.ps1", ReportOutcome.Passed));
        recorder.Add(Item("b.ps1", second));

        RunCompletion completion = recorder.Complete(failed);

        Assert.DoesNotContain(_lines, line => line.Contains("task.complete", StringComparison.Ordinal));
        Assert.Equal(second == ReportOutcome.Failed || failed, completion.Run!.Failed);
    }

    [Fact]
    public void Complete_GitHubWarnOnly_NoStepResult()
    {
        RunRecorder recorder = Recorder(CiProvider.GitHubActions);
        recorder.Add(Item("warn.ps1", ReportOutcome.Warned));

        recorder.Complete(failed: false);

        Assert.Equal(["::warning file=/repo/warn.ps1,title=check::warn.ps1: Warned: reason"], _lines);
    }

    [Fact]
    public void Complete_ErrorRunIssue_RunFailed()
    {
        RunRecorder recorder = Recorder(CiProvider.AzurePipelines);
        recorder.AddRunIssue(new ReportIssue(ReportSeverity.Error, "PathNotFound", "missing"));

        Assert.True(recorder.Complete(failed: false).Run!.Failed);
        Assert.DoesNotContain(_lines, line => line.Contains("task.complete", StringComparison.Ordinal));
    }

    // ---- completion: summary ----

    [Fact]
    public void Complete_Azure_UploadsMarkdownFromAgentTempDirectory()
    {
        RunRecorder recorder = Recorder(CiProvider.AzurePipelines);
        recorder.Add(Item("fail.ps1", ReportOutcome.Failed));

        RunCompletion completion = recorder.Complete(failed: false);

        string summary = Assert.IsType<string>(completion.SummaryPath);
        Assert.Equal(_folder.Path, Path.GetDirectoryName(summary));
        Assert.Equal("##vso[task.uploadsummary]" + summary, _lines[^1]);
        Assert.Equal(ReportWriter.RenderMarkdown(completion.Run!), File.ReadAllText(summary));
    }

    [Fact]
    public void Complete_AzureTwice_UniqueSummaryFiles()
    {
        RunRecorder first = Recorder(CiProvider.AzurePipelines);
        RunRecorder second = Recorder(CiProvider.AzurePipelines);

        Assert.NotEqual(first.Complete(false).SummaryPath, second.Complete(false).SummaryPath);
        Assert.Equal(2, Directory.GetFiles(_folder.Path, "*.md").Length);
    }

    [Fact]
    public void Complete_GitHub_AppendsToStepSummary()
    {
        string stepSummary = Path.Combine(_folder.Path, "step_summary.md");
        File.WriteAllText(stepSummary, "# Earlier step\n");
        RunRecorder recorder = Recorder(CiProvider.GitHubActions, variables: new() { ["GITHUB_STEP_SUMMARY"] = stepSummary });

        RunCompletion completion = recorder.Complete(failed: false);

        Assert.Equal(stepSummary, completion.SummaryPath);
        string markdown = ReportWriter.RenderMarkdown(completion.Run!);
        Assert.Equal("# Earlier step\n\n" + markdown, File.ReadAllText(stepSummary));
    }

    [Fact]
    public void Complete_GitHubWithoutStepSummary_NoSummary()
    {
        RunRecorder recorder = Recorder(CiProvider.GitHubActions, variables: new());

        Assert.Null(recorder.Complete(failed: false).SummaryPath);
    }

    [Fact]
    public void Complete_AzureTempFolderMissing_ReturnsFailure()
    {
        string missing = Path.Combine(_folder.Path, "missing");
        RunRecorder recorder = Recorder(CiProvider.AzurePipelines, variables: new() { ["AGENT_TEMPDIRECTORY"] = missing });

        RunCompletion completion = recorder.Complete(failed: false);

        Assert.Empty(completion.Failures);
        Assert.Equal("SummaryWriteFailed", completion.SummaryFailure?.ErrorId);
        Assert.Null(completion.SummaryPath);
        Assert.DoesNotContain(_lines, line => line.Contains("uploadsummary", StringComparison.Ordinal));
    }

    // ---- completion: reports ----

    [Fact]
    public void Complete_ReportPathAlone_WritesJUnit()
    {
        string report = Path.Combine(_folder.Path, "results.xml");
        RunRecorder recorder = Recorder(CiProvider.None, report);
        recorder.Add(Item("fail.ps1", ReportOutcome.Failed));

        RunCompletion completion = recorder.Complete(failed: false);

        Assert.Equal([report], completion.ReportPaths);
        Assert.Contains("<testsuite", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Empty(_lines);
    }

    [Fact]
    public void Complete_SeveralFormats_FolderWithOneFileEach()
    {
        string folder = Path.Combine(_folder.Path, "reports");
        RunRecorder recorder = Recorder(CiProvider.None, folder, [ReportFormat.JUnit, ReportFormat.Json]);

        RunCompletion completion = recorder.Complete(failed: true);

        Assert.Equal(2, completion.ReportPaths.Count);
        Assert.All(completion.ReportPaths, path => Assert.Equal(folder, Path.GetDirectoryName(path)));
        Assert.True(completion.Run!.Failed);
    }

    [Fact]
    public void Complete_WriteReportsFalse_NoReportButSummary()
    {
        string report = Path.Combine(_folder.Path, "what-if.xml");
        RunRecorder recorder = Recorder(CiProvider.AzurePipelines, report);

        RunCompletion completion = recorder.Complete(failed: false, writeReports: false);

        Assert.Empty(completion.ReportPaths);
        Assert.False(File.Exists(report));
        Assert.NotNull(completion.SummaryPath);
    }

    [Fact]
    public void Complete_ReportPathIsFolder_ReturnsFailure()
    {
        RunRecorder recorder = Recorder(CiProvider.None, _folder.Path);

        RunCompletion completion = recorder.Complete(failed: false);

        Assert.Equal(ReportErrorIds.ReportPathIsFolder, Assert.Single(completion.Failures).ErrorId);
        Assert.Empty(completion.ReportPaths);
    }
}
