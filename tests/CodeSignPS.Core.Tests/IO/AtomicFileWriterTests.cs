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
    public void Replace_RenameFails_LeavesOriginalAndNoTemporaryFile()
    {
        // A folder cannot be replaced by a file, so the final rename fails after the temporary file is written.
        string path = Path.Combine(_folder, "a.ps1");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "inside.txt"), "old");

        Assert.ThrowsAny<IOException>(() => AtomicFileWriter.Replace(path, "new"u8));

        Assert.Equal("old", File.ReadAllText(Path.Combine(path, "inside.txt")));
        Assert.Single(Directory.GetFileSystemEntries(_folder));
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

    [Fact]
    public void CreateOrReplacePrivate_NewFile_IsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = Path.Combine(_folder, "key.pem");

        AtomicFileWriter.CreateOrReplacePrivate(path, "secret"u8);

        Assert.Equal("secret", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void CreateOrReplacePrivate_ReadableFile_BecomesOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = Path.Combine(_folder, "key.pem");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, (UnixFileMode)0x1A4); // rw-r--r--

        AtomicFileWriter.CreateOrReplacePrivate(path, "secret"u8);

        Assert.Equal("secret", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
