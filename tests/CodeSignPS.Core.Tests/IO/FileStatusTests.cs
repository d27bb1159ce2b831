using System.Diagnostics;
using CodeSignPS.Core.IO;

namespace CodeSignPS.Core.Tests.IO;

public sealed class FileStatusTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("csps-links-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void CountHardLinks_SingleFile_ReturnsOne()
    {
        string path = Path.Combine(_folder, "one.ps1");
        File.WriteAllText(path, "x");

        Assert.Equal(1, FileStatus.CountHardLinks(path));
    }

    [Fact]
    public void CountHardLinks_TwoLinks_ReturnsTwo()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = Path.Combine(_folder, "one.ps1");
        File.WriteAllText(path, "x");
        using Process ln = Process.Start("ln", [path, Path.Combine(_folder, "two.ps1")]);
        ln.WaitForExit();

        Assert.Equal(2, FileStatus.CountHardLinks(path));
    }

    [Fact]
    public void IsRegularFile_KindsOfPath_TellsRegularFilesApart()
    {
        string file = Path.Combine(_folder, "file.ps1");
        File.WriteAllText(file, "x");
        string link = Path.Combine(_folder, "link.ps1");
        File.CreateSymbolicLink(link, file);
        string dangling = Path.Combine(_folder, "dangling.ps1");
        File.CreateSymbolicLink(dangling, Path.Combine(_folder, "missing.ps1"));

        Assert.True(FileStatus.IsRegularFile(file));
        Assert.True(FileStatus.IsRegularFile(link));
        Assert.False(FileStatus.IsRegularFile(_folder));
        Assert.False(FileStatus.IsRegularFile(dangling));
        Assert.False(FileStatus.IsRegularFile(Path.Combine(_folder, "missing.ps1")));
    }

    [Fact]
    public void IsRegularFile_NamedPipeAndLoop_ReturnsFalse()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string pipe = Path.Combine(_folder, "pipe.ps1");
        using (Process mkfifo = Process.Start("mkfifo", [pipe]))
        {
            mkfifo.WaitForExit();
        }

        string loopA = Path.Combine(_folder, "a.ps1");
        string loopB = Path.Combine(_folder, "b.ps1");
        File.CreateSymbolicLink(loopA, loopB);
        File.CreateSymbolicLink(loopB, loopA);

        Assert.False(FileStatus.IsRegularFile(pipe));
        Assert.False(FileStatus.IsRegularFile(loopA));
    }
}
