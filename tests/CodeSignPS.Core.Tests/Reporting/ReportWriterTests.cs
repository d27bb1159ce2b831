using System.Xml.Linq;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Reporting;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>Where ReportWriter.Write puts files, and how it fails.</summary>
public sealed class ReportWriterTests : IDisposable
{
    private static readonly ReportFormat[] AllFormats = [ReportFormat.JUnit, ReportFormat.Sarif, ReportFormat.Markdown, ReportFormat.Json];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string InFolder(params string[] parts) => Path.Combine([_folder.Path, .. parts]);

    private static void AssertNoTemporaryFiles(string folder) =>
        Assert.Empty(Directory.GetFiles(folder, AtomicFileWriter.TemporaryFilePrefix + "*", SearchOption.AllDirectories));

    // ---- one format: the path is the file ----

    [Fact]
    public void Write_OneFormat_WritesFileAndCreatesFolders()
    {
        string path = InFolder("a", "b c", "gate.xml");

        IReadOnlyList<string> written = ReportWriter.Write(ReportRuns.Mixed(), path, [ReportFormat.JUnit]);

        Assert.Equal([path], written);
        Assert.Equal(ReportWriter.Render(ReportRuns.Mixed(), ReportFormat.JUnit), File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_OneFormatTwice_WritesOneFile()
    {
        string path = InFolder("report.sarif");

        IReadOnlyList<string> written = ReportWriter.Write(ReportRuns.Mixed(), path, [ReportFormat.Sarif, ReportFormat.Sarif]);

        Assert.Equal([path], written);
        Assert.Single(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Write_OneFormat_ReplacesExistingReport()
    {
        string path = InFolder("summary.md");
        File.WriteAllText(path, "old");

        ReportWriter.Write(ReportRuns.Empty(), path, [ReportFormat.Markdown]);

        Assert.StartsWith("## CodeSignPS: Test-CodeSigningPolicy", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OneFormatToFolder_Throws()
    {
        CodeSignException exception = Assert.Throws<CodeSignException>(() => ReportWriter.Write(ReportRuns.Mixed(), _folder.Path, [ReportFormat.JUnit]));

        Assert.Equal(ReportErrorIds.ReportPathIsFolder, exception.ErrorId);
        Assert.Equal(FailureCategory.InvalidArgument, exception.Category);
        Assert.Contains($"'{_folder.Path}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("several formats", exception.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Fact]
    public void Write_TrailingSeparator_ThrowsPathIsFolder()
    {
        string path = InFolder("reports") + Path.DirectorySeparatorChar;

        CodeSignException exception = Assert.Throws<CodeSignException>(() => ReportWriter.Write(ReportRuns.Mixed(), path, [ReportFormat.Json]));

        Assert.Equal(ReportErrorIds.ReportPathIsFolder, exception.ErrorId);
    }

    // ---- several formats: the path is a folder ----

    [Fact]
    public void Write_SeveralFormats_FillNewFolder()
    {
        string folder = InFolder("reports", "prod");

        IReadOnlyList<string> written = ReportWriter.Write(ReportRuns.Mixed(), folder, [.. AllFormats, ReportFormat.JUnit]);

        string[] expected = ["Assert-CodeSigningPolicy.junit.xml", "Assert-CodeSigningPolicy.sarif", "Assert-CodeSigningPolicy.md", "Assert-CodeSigningPolicy.json"];
        Assert.Equal(expected.Select(name => Path.Combine(folder, name)), written);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach ((string path, ReportFormat format) in written.Zip(AllFormats))
        {
            Assert.Equal(ReportWriter.Render(ReportRuns.Mixed(), format), File.ReadAllBytes(path));
        }
    }

    [Fact]
    public void Write_ExistingFolder_KeepsOtherFiles()
    {
        File.WriteAllText(InFolder("other.txt"), "keep");

        ReportWriter.Write(ReportRuns.Empty("Get-CodeSignature"), _folder.Path, [ReportFormat.Sarif, ReportFormat.Json]);

        Assert.Equal("keep", File.ReadAllText(InFolder("other.txt")));
        Assert.True(File.Exists(InFolder("Get-CodeSignature.sarif")));
        Assert.True(File.Exists(InFolder("Get-CodeSignature.json")));
    }

    [Fact]
    public void Write_SeveralFormatsToFile_Throws()
    {
        string path = InFolder("report.xml");
        File.WriteAllText(path, "old");

        CodeSignException exception = Assert.Throws<CodeSignException>(() => ReportWriter.Write(ReportRuns.Mixed(), path, AllFormats));

        Assert.Equal(ReportErrorIds.ReportPathIsFile, exception.ErrorId);
        Assert.Contains($"'{path}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Give a folder path", exception.Message, StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(path));
    }

    [Fact]
    public void Write_NoFormat_ThrowsFormatMissing()
    {
        CodeSignException exception = Assert.Throws<CodeSignException>(() => ReportWriter.Write(ReportRuns.Mixed(), InFolder("r.xml"), []));

        Assert.Equal(ReportErrorIds.ReportFormatMissing, exception.ErrorId);
    }

    [Theory]
    [InlineData("Assert-CodeSigningPolicy", ReportFormat.JUnit, "Assert-CodeSigningPolicy.junit.xml")]
    [InlineData("Set-CodeSignature", ReportFormat.Sarif, "Set-CodeSignature.sarif")]
    [InlineData("Get-CodeSignature", ReportFormat.Markdown, "Get-CodeSignature.md")]
    [InlineData("Test-CodeSigningPolicy", ReportFormat.Json, "Test-CodeSigningPolicy.json")]
    [InlineData("a/b\0c", ReportFormat.Json, "a_b_c.json")]
    public void FileName_CommandAndFormat_NameTheFile(string command, ReportFormat format, string expected)
    {
        Assert.Equal(expected, ReportWriter.FileName(command, format));
    }

    // ---- locations that cannot be written ----

    [Fact]
    public void Write_FolderUnderAFile_ThrowsWriteFailed()
    {
        File.WriteAllText(InFolder("blocker"), "a file, not a folder");
        string path = InFolder("blocker", "sub", "report.json");

        CodeSignException exception = Assert.Throws<CodeSignException>(() => ReportWriter.Write(ReportRuns.Mixed(), path, [ReportFormat.Json]));

        Assert.Equal(ReportErrorIds.ReportWriteFailed, exception.ErrorId);
        Assert.Equal(FailureCategory.WriteError, exception.Category);
        Assert.Contains($"'{path}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("-ReportPath", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(exception.InnerException);
    }

    [Fact]
    public void Write_FailedRename_LeavesNoPartialFile()
    {
        // A folder where the SARIF file should go makes its final rename fail after the content is written.
        Directory.CreateDirectory(InFolder("Assert-CodeSigningPolicy.sarif"));
        string junit = InFolder("Assert-CodeSigningPolicy.junit.xml");
        File.WriteAllText(junit, "<old/>");

        CodeSignException exception = Assert.Throws<CodeSignException>(() => ReportWriter.Write(ReportRuns.Mixed(), _folder.Path, [ReportFormat.Sarif, ReportFormat.JUnit]));

        Assert.Equal(ReportErrorIds.ReportWriteFailed, exception.ErrorId);
        Assert.Contains("Assert-CodeSigningPolicy.sarif", exception.Message, StringComparison.Ordinal);
        AssertNoTemporaryFiles(_folder.Path);
        Assert.Empty(Directory.GetFileSystemEntries(InFolder("Assert-CodeSigningPolicy.sarif")));
        Assert.Equal("<old/>", File.ReadAllText(junit));
    }

    [Fact]
    public void Write_AfterSuccess_LeavesNoTemporaryFiles()
    {
        ReportWriter.Write(ReportRuns.Mixed(), _folder.Path, AllFormats);

        AssertNoTemporaryFiles(_folder.Path);
        Assert.Equal(8, XDocument.Load(InFolder("Assert-CodeSigningPolicy.junit.xml")).Descendants("testcase").Count());
    }
}
