using CodeSignPS.Core.IO;

namespace CodeSignPS.Core.Tests.IO;

public sealed class AtomicFileWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("csps-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Replace_Succeeds_WritesContentAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "a.ps1");
        File.WriteAllText(path, "old");

        AtomicFileWriter.Replace(path, "new"u8);

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Replace_VerifyThrows_LeavesOriginalAndNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "a.ps1");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFileWriter.Replace(path, "new"u8, _ => throw new IOException("disk said no")));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Replace_UnixFile_KeepsFileMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = Path.Combine(_folder, "run.ps1");
        File.WriteAllText(path, "old");
        UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);

        AtomicFileWriter.Replace(path, "new"u8);

        Assert.Equal(mode, File.GetUnixFileMode(path));
    }
}
