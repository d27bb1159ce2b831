using CodeSignPS.Core.IO;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.IO;

public sealed class FileIdentityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    // The temporary folder itself may sit under a link (/tmp on macOS), so expected paths are resolved too.
    private string Real => LinkResolver.ResolveAll(_folder.Path);

    public void Dispose() => _folder.Dispose();

    // ---- links in the folders of a path ----

    [Fact]
    public void ResolveAll_LinkedFolderInMiddle_ResolvesIt()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "real", "inner"));
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "link"), Path.Combine(_folder.Path, "real"));

        string resolved = LinkResolver.ResolveAll(Path.Combine(_folder.Path, "link", "inner", "file.txt"));

        Assert.Equal(Path.Combine(Real, "real", "inner", "file.txt"), resolved);
    }

    [Fact]
    public void ResolveAll_RelativeLinkToLinkedFolder_ResolvesBoth()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "real"));
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "first"), "real");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "second"), "first");

        string resolved = LinkResolver.ResolveAll(Path.Combine(_folder.Path, "second", "missing.p7s"));

        Assert.Equal(Path.Combine(Real, "real", "missing.p7s"), resolved);
    }

    [Fact]
    public void ResolveAll_NoLinks_ReturnsFullPath()
    {
        string path = Path.Combine(Real, "a", "b.txt");

        Assert.Equal(path, LinkResolver.ResolveAll(path));
    }

    [Fact]
    public void ResolveAll_LinkLoop_ThrowsIOException()
    {
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "a"), Path.Combine(_folder.Path, "b"));
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "b"), Path.Combine(_folder.Path, "a"));

        Assert.Throws<IOException>(() => LinkResolver.ResolveAll(Path.Combine(_folder.Path, "a", "file")));
    }

    // ---- file identity ----

    [Fact]
    public void GetIdentity_SameFileThroughLinkedFolder_IsEqual()
    {
        string path = _folder.Write("file.txt", "x"u8.ToArray());
        string link = Path.Combine(_folder.Path, "link");
        Directory.CreateSymbolicLink(link, _folder.Path);

        FileIdentity? direct = FileStatus.GetIdentity(path);

        Assert.NotNull(direct);
        Assert.Equal(direct, FileStatus.GetIdentity(Path.Combine(link, "file.txt")));
    }

    [Fact]
    public void GetIdentity_TwoFiles_Differ()
    {
        string first = _folder.Write("first.txt", "x"u8.ToArray());
        string second = _folder.Write("second.txt", "x"u8.ToArray());

        Assert.NotEqual(FileStatus.GetIdentity(first), FileStatus.GetIdentity(second));
    }

    [Fact]
    public void GetIdentity_MissingFile_IsNull()
    {
        Assert.Null(FileStatus.GetIdentity(Path.Combine(_folder.Path, "missing")));
    }

    // ---- snapshots ----

    [Fact]
    public void Take_FileAppendedTo_Differs()
    {
        string path = _folder.Write("file.txt", "x"u8.ToArray());
        FileSnapshot before = FileSnapshot.Take(path);

        File.AppendAllText(path, "y");

        Assert.NotEqual(before, FileSnapshot.Take(path));
    }

    [Fact]
    public void Take_FileReplacedBySameBytes_Differs()
    {
        string path = _folder.Write("file.txt", "x"u8.ToArray());
        FileSnapshot before = FileSnapshot.Take(path);
        string other = _folder.Write("other.txt", "x"u8.ToArray());
        File.SetLastWriteTimeUtc(other, before.LastWriteTimeUtc);

        File.Move(other, path, overwrite: true);

        Assert.NotEqual(before, FileSnapshot.Take(path));
    }

    [Fact]
    public void Take_ThroughLink_DescribesTarget()
    {
        string path = _folder.Write("file.txt", "12345"u8.ToArray());
        string link = Path.Combine(_folder.Path, "link.txt");
        File.CreateSymbolicLink(link, path);

        Assert.Equal(FileSnapshot.Take(path), FileSnapshot.Take(link));
        Assert.Equal(5, FileSnapshot.Take(link).Length);
    }
}
