using CodeSignPS.Core.Pipeline;
using CodeSignPS.Core.Reporting;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>
/// ReportWriter.Validate and RunRecorder.ValidateReportPath: the checks a command makes on its report
/// path before it touches any file. They reject what Write would reject and create nothing.
/// </summary>
public sealed class ReportWriterValidateTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string InFolder(params string[] parts) => Path.Combine([_folder.Path, .. parts]);

    // ---- paths that cannot take the reports ----

    [Fact]
    public void Validate_OneFormatToFolder_Throws()
    {
        CodeSignException exception = Assert.Throws<CodeSignException>(() => ReportWriter.Validate(_folder.Path, [ReportFormat.JUnit]));

        Assert.Equal(ReportErrorIds.ReportPathIsFolder, exception.ErrorId);
        Assert.Equal(FailureCategory.InvalidArgument, exception.Category);
        Assert.Contains($"'{_folder.Path}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RepeatedFormatToFolder_Throws()
    {
        CodeSignException exception = Assert.Throws<CodeSignException>(() => ReportWriter.Validate(_folder.Path, [ReportFormat.Json, ReportFormat.Json]));

        Assert.Equal(ReportErrorIds.ReportPathIsFolder, exception.ErrorId);
    }

    [Fact]
    public void Validate_SeveralFormatsToFile_Throws()
    {
        string path = InFolder("report.xml");
        File.WriteAllText(path, "old");

        CodeSignException exception = Assert.Throws<CodeSignException>(() => ReportWriter.Validate(path, [ReportFormat.JUnit, ReportFormat.Sarif]));

        Assert.Equal(ReportErrorIds.ReportPathIsFile, exception.ErrorId);
        Assert.Equal("old", File.ReadAllText(path));
    }

    [Fact]
    public void Validate_NoFormat_ThrowsFormatMissing()
    {
        CodeSignException exception = Assert.Throws<CodeSignException>(() => ReportWriter.Validate(InFolder("r.xml"), []));

        Assert.Equal(ReportErrorIds.ReportFormatMissing, exception.ErrorId);
    }

    // ---- paths that can: nothing is created ----

    [Theory]
    [InlineData(new[] { "missing", "report.xml" }, new[] { ReportFormat.JUnit })]
    [InlineData(new[] { "missing", "reports" }, new[] { ReportFormat.JUnit, ReportFormat.Json })]
    public void Validate_MissingPath_PassesAndCreatesNothing(string[] parts, ReportFormat[] formats)
    {
        ReportWriter.Validate(InFolder(parts), formats);

        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Fact]
    public void Validate_OneFormatToFile_KeepsFile()
    {
        string path = InFolder("report.json");
        File.WriteAllText(path, "old");

        ReportWriter.Validate(path, [ReportFormat.Json]);

        Assert.Equal("old", File.ReadAllText(path));
    }

    [Fact]
    public void Validate_ExistingFolderAndSeveralFormats_Passes()
    {
        ReportWriter.Validate(_folder.Path, [ReportFormat.Markdown, ReportFormat.Sarif]);

        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    // ---- the recorder checks the formats it will write ----

    [Fact]
    public void ValidateReportPath_FolderAlone_Throws()
    {
        // No format means JUnit alone, so the path must name a file.
        var recorder = new RunRecorder(Settings(_folder.Path, []), _ => { });

        CodeSignException exception = Assert.Throws<CodeSignException>(recorder.ValidateReportPath);

        Assert.Equal(ReportErrorIds.ReportPathIsFolder, exception.ErrorId);
    }

    [Fact]
    public void ValidateReportPath_NoReportPath_DoesNothing()
    {
        var recorder = new RunRecorder(Settings(null, [ReportFormat.Json]), _ => { });

        recorder.ValidateReportPath();

        Assert.False(recorder.IsActive);
    }

    private static RunSettings Settings(string? reportPath, ReportFormat[] formats) => new()
    {
        Command = "Set-CodeSignature",
        ToolVersion = "1.0.0",
        Ci = CiEnvironment.Resolve(CiProvider.None, _ => null),
        ReportPath = reportPath,
        ReportFormats = formats,
    };
}
