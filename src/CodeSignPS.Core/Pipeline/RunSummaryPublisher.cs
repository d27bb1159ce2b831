using System.Text;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Pipeline;

/// <summary>
/// Puts a run's Markdown summary where the runner shows it: on Azure Pipelines a new file in the
/// agent's temporary folder attached with <c>task.uploadsummary</c>; on GitHub Actions appended to
/// the job's step summary file.
/// </summary>
public static class RunSummaryPublisher
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Publishes the summary of <paramref name="run"/> and returns the file written, or null when
    /// the runner has no summary (no runner, or GitHub without <c>GITHUB_STEP_SUMMARY</c>). When the
    /// file cannot be written, returns null and the cause in <paramref name="failure"/>.
    /// </summary>
    public static string? Publish(CiEnvironment ci, ReportRun run, Action<string> writeLine, out CodeSignException? failure)
    {
        failure = null;
        string? path = ci.Provider switch
        {
            CiProvider.AzurePipelines => Path.Combine(ci.TempDirectory, $"{run.Command}-{Guid.NewGuid():N}.md"),
            CiProvider.GitHubActions => ci.StepSummaryPath,
            _ => null,
        };
        if (path is null)
        {
            return null;
        }

        try
        {
            string markdown = ReportWriter.RenderMarkdown(run);
            if (ci.Provider == CiProvider.AzurePipelines)
            {
                WriteNew(path, markdown);
                writeLine(AzurePipelinesCommands.UploadSummary(path));
            }
            else
            {
                Append(path, markdown);
            }

            return path;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            string message = $"Cannot write the run summary to '{path}': {exception.Message} The reports and the exit code are unaffected.";
            failure = new CodeSignException("SummaryWriteFailed", FailureCategory.WriteError, message, path, exception);
            return null;
        }
    }

    private static void WriteNew(string path, string markdown)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        byte[] bytes = Utf8NoBom.GetBytes(markdown);
        stream.Write(bytes);
    }

    /// <summary>Appends after what earlier steps and commands wrote, starting on a line of its own so the Markdown blocks stay apart.</summary>
    private static void Append(string path, string markdown)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        string text = stream.Length > 0 ? "\n" + markdown : markdown;
        if (!text.EndsWith('\n'))
        {
            text += "\n";
        }

        stream.Write(Utf8NoBom.GetBytes(text));
    }
}
