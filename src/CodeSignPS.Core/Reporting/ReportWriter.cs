namespace CodeSignPS.Core.Reporting;

/// <summary>Writes a run's reports to disk.</summary>
public static class ReportWriter
{
    /// <summary>
    /// Writes <paramref name="run"/> in each of <paramref name="formats"/>. With one format
    /// <paramref name="path"/> is the file; with several it is a folder that receives one file per
    /// format. Each file is written whole or not at all. Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> Write(ReportRun run, string path, IReadOnlyCollection<ReportFormat> formats) =>
        throw new NotImplementedException();

    /// <summary>The Markdown summary of <paramref name="run"/>, as the Markdown report holds it.</summary>
    public static string RenderMarkdown(ReportRun run) =>
        throw new NotImplementedException();
}
