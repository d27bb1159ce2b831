using System.Text;
using CodeSignPS.Core.IO;

namespace CodeSignPS.Core.Reporting;

/// <summary>Writes a run's reports to disk.</summary>
public static class ReportWriter
{
    /// <summary>
    /// Writes <paramref name="run"/> in each of <paramref name="formats"/>. With one format
    /// <paramref name="path"/> is the file; with several it is a folder that receives one file per
    /// format. Each file is written whole or not at all. Returns the paths written.
    /// </summary>
    /// <remarks>
    /// A format given twice counts once. Missing folders are created. The files in a folder are named
    /// after the command: <c>Assert-CodeSigningPolicy.junit.xml</c>, <c>.sarif</c>, <c>.md</c> and <c>.json</c>.
    /// </remarks>
    /// <exception cref="CodeSignException">
    /// <see cref="ReportErrorIds.ReportPathIsFolder"/>, <see cref="ReportErrorIds.ReportPathIsFile"/>,
    /// <see cref="ReportErrorIds.ReportFormatMissing"/> or <see cref="ReportErrorIds.ReportWriteFailed"/>.
    /// </exception>
    public static IReadOnlyList<string> Write(ReportRun run, string path, IReadOnlyCollection<ReportFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(formats);

        ReportFormat[] distinct = DistinctFormats(path, formats);
        string fullPath = Path.GetFullPath(path);
        string[] targets;
        if (distinct.Length == 1)
        {
            targets = [SingleFilePath(fullPath, distinct[0])];
        }
        else
        {
            string folder = FolderPath(fullPath, distinct);
            targets = distinct.Select(format => Path.Combine(folder, FileName(run.Command, format))).ToArray();
        }

        // Every report is rendered before the first file is written, so a rendering failure writes nothing.
        List<(string Path, byte[] Content)> files = distinct.Select((format, index) => (targets[index], Render(run, format))).ToList();

        foreach ((string filePath, byte[] content) in files)
        {
            WriteFile(filePath, content);
        }

        return files.Select(file => file.Path).ToArray();
    }

    /// <summary>
    /// Checks, before a run starts, that <paramref name="path"/> can take the reports of
    /// <paramref name="formats"/>: with one format it must not be an existing folder, with several
    /// not an existing file. Nothing is created, so a command can reject the path before it touches
    /// any file, rather than after its work is done.
    /// </summary>
    /// <exception cref="CodeSignException">
    /// <see cref="ReportErrorIds.ReportPathIsFolder"/>, <see cref="ReportErrorIds.ReportPathIsFile"/> or
    /// <see cref="ReportErrorIds.ReportFormatMissing"/>, as <see cref="Write"/> would throw them.
    /// </exception>
    public static void Validate(string path, IReadOnlyCollection<ReportFormat> formats)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(formats);

        ReportFormat[] distinct = DistinctFormats(path, formats);
        string fullPath = Path.GetFullPath(path);
        if (distinct.Length == 1)
        {
            RejectFolder(fullPath, distinct[0]);
        }
        else
        {
            RejectFile(fullPath, distinct);
        }
    }

    /// <summary>Renders the Markdown summary of <paramref name="run"/>, as the Markdown report contains it.</summary>
    public static string RenderMarkdown(ReportRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return MarkdownReport.Render(run);
    }

    /// <summary>Renders the report of <paramref name="run"/> in <paramref name="format"/> as the bytes of its file.</summary>
    public static byte[] Render(ReportRun run, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(run);
        return format switch
        {
            ReportFormat.JUnit => JUnitReport.Render(run),
            ReportFormat.Sarif => SarifReport.Render(run),
            ReportFormat.Markdown => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(MarkdownReport.Render(run)),
            ReportFormat.Json => JsonReport.Render(run),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
        };
    }

    /// <summary>The name of <paramref name="format"/>'s file in a report folder, such as <c>Assert-CodeSigningPolicy.sarif</c>.</summary>
    public static string FileName(string command, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(command);

        char[] invalid = Path.GetInvalidFileNameChars();
        string stem = new(command.Select(character => Array.IndexOf(invalid, character) >= 0 ? '_' : character).ToArray());
        return format switch
        {
            ReportFormat.JUnit => stem + ".junit.xml",
            ReportFormat.Sarif => stem + ".sarif",
            ReportFormat.Markdown => stem + ".md",
            ReportFormat.Json => stem + ".json",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
        };
    }

    private static ReportFormat[] DistinctFormats(string path, IReadOnlyCollection<ReportFormat> formats)
    {
        ReportFormat[] distinct = formats.Distinct().ToArray();
        if (distinct.Length == 0)
        {
            throw new CodeSignException(ReportErrorIds.ReportFormatMissing, FailureCategory.InvalidArgument,
                $"No report format was given for the report path '{path}'. Give one or more of JUnit, Sarif, Markdown and Json.", path);
        }

        return distinct;
    }

    private static string SingleFilePath(string fullPath, ReportFormat format)
    {
        RejectFolder(fullPath, format);
        CreateFolder(Path.GetDirectoryName(fullPath)!, fullPath);
        return fullPath;
    }

    private static void RejectFolder(string fullPath, ReportFormat format)
    {
        if (Directory.Exists(fullPath) || Path.EndsInDirectorySeparator(fullPath))
        {
            throw new CodeSignException(ReportErrorIds.ReportPathIsFolder, FailureCategory.InvalidArgument,
                $"The report path '{fullPath}' is a folder, but with one report format ({format}) it must name the report file. Give a file path such as '{Path.Combine(fullPath, FileName("report", format))}', or give several formats to fill the folder.",
                fullPath);
        }
    }

    private static string FolderPath(string fullPath, IReadOnlyCollection<ReportFormat> formats)
    {
        if (Directory.Exists(fullPath))
        {
            return fullPath;
        }

        RejectFile(fullPath, formats);
        CreateFolder(fullPath, fullPath);
        return fullPath;
    }

    private static void RejectFile(string fullPath, IReadOnlyCollection<ReportFormat> formats)
    {
        if (File.Exists(fullPath))
        {
            throw new CodeSignException(ReportErrorIds.ReportPathIsFile, FailureCategory.InvalidArgument,
                $"The report path '{fullPath}' is an existing file, but with several report formats ({string.Join(", ", formats)}) it must name a folder that receives one file per format. Give a folder path, or a single format to write this file.",
                fullPath);
        }
    }

    private static void CreateFolder(string folder, string reportPath)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw WriteFailed(reportPath, $"its folder '{folder}' could not be created", exception);
        }
    }

    private static void WriteFile(string path, byte[] content)
    {
        try
        {
            AtomicFileWriter.CreateOrReplace(path, content);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw WriteFailed(path, "it could not be written", exception);
        }
    }

    private static CodeSignException WriteFailed(string path, string what, Exception exception)
    {
        FailureCategory category = exception is UnauthorizedAccessException ? FailureCategory.PermissionDenied : FailureCategory.WriteError;
        return new CodeSignException(ReportErrorIds.ReportWriteFailed, category,
            $"The report '{path}' was not written because {what}: {exception.Message} Give a -ReportPath in a folder this account can write to.",
            path, exception);
    }
}
