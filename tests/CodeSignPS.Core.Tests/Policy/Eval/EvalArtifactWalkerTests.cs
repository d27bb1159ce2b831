using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Policy.Eval;

public sealed class EvalArtifactWalkerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string relative, string content = "x")
    {
        string path = Path.Combine(_folder.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    // ---- folders ----

    [Fact]
    public void Walk_Folder_ListsFilesRecursivelyInOrdinalOrder()
    {
        Write("b.ps1");
        Write("a/z.ps1");
        Write("a/.hidden.ps1");

        ArtifactWalk walk = ArtifactWalker.Walk([_folder.Path], _folder.Path);

        Assert.Equal(["a/.hidden.ps1", "a/z.ps1", "b.ps1"], walk.Artifacts.Select(artifact => artifact.RelativePath));
        Assert.Empty(walk.Issues);
    }

    [Fact]
    public void Walk_FileNamedTwice_ListsItOnce()
    {
        string file = Write("a.ps1");

        ArtifactWalk walk = ArtifactWalker.Walk([file, _folder.Path, file], _folder.Path);

        Assert.Single(walk.Artifacts);
    }

    [Fact]
    public void Walk_InputOrder_IsKept()
    {
        string second = Write("b.ps1");
        string first = Write("a.ps1");

        ArtifactWalk walk = ArtifactWalker.Walk([second, first], _folder.Path);

        Assert.Equal(["b.ps1", "a.ps1"], walk.Artifacts.Select(artifact => artifact.RelativePath));
    }

    // ---- detached signatures ----

    [Fact]
    public void Walk_FolderWithP7s_PairsSignatureWithItsFile()
    {
        Write("release/app.zip");
        Write("release/app.zip.p7s");

        ArtifactWalk walk = ArtifactWalker.Walk([_folder.Path], _folder.Path);

        Assert.Equal(["release/app.zip"], walk.Artifacts.Select(artifact => artifact.RelativePath));
        Assert.Empty(walk.Issues);
    }

    [Fact]
    public void Walk_P7sNamedExplicitly_JudgesTheFileItSigns()
    {
        Write("app.zip");
        string signature = Write("app.zip.p7s");

        ArtifactWalk walk = ArtifactWalker.Walk([signature], _folder.Path);

        Assert.Equal(["app.zip"], walk.Artifacts.Select(artifact => artifact.RelativePath));
    }

    [Fact]
    public void Walk_P7sWithoutItsFile_WarnsOnce()
    {
        string signature = Write("gone.zip.p7s");

        ArtifactWalk walk = ArtifactWalker.Walk([_folder.Path, signature], _folder.Path);

        Assert.Empty(walk.Artifacts);
        ArtifactIssue issue = Assert.Single(walk.Issues);
        Assert.True(issue.IsWarning);
        Assert.Equal("SignedFileNotFound", issue.ErrorId);
        Assert.Contains("gone.zip", issue.Message);
    }

    // ---- signature names and linked folders ----

    [Theory]
    [InlineData("app.bin.p7s", "app.bin")]
    [InlineData("app.bin", null)]
    public void SignedFileOf_Name_FollowsTheVerifiersRule(string name, string? expected)
    {
        string? signed = ArtifactWalker.SignedFileOf(Path.Combine(_folder.Path, name));

        Assert.Equal(expected is null ? null : Path.Combine(_folder.Path, expected), signed);
    }

    [Fact]
    public void Walk_UpperCaseP7s_IsAnArtifact()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        {
            return; // Not applicable here: the file system ignores case, so the verifier finds app.bin.P7S.
        }

        Write("app.bin");
        Write("app.bin.P7S");

        ArtifactWalk walk = ArtifactWalker.Walk([_folder.Path], _folder.Path);

        Assert.Equal(["app.bin", "app.bin.P7S"], walk.Artifacts.Select(artifact => artifact.RelativePath));
    }

    [Fact]
    public void Walk_LinkedFolderInsideRoot_UsesLinkPath()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Not applicable here: creating links needs a privilege on Windows.
        }

        Write("real/a.ps1");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "linked"), Path.Combine(_folder.Path, "real"));

        ArtifactWalk walk = ArtifactWalker.Walk([_folder.Path], _folder.Path);

        Assert.Equal(["linked/a.ps1", "real/a.ps1"], walk.Artifacts.Select(artifact => artifact.RelativePath));
        Assert.Empty(walk.Issues);
    }

    [Fact]
    public void Walk_LinkedFolderOutsideRoot_ReportsNotEvaluated()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Not applicable here: creating links needs a privilege on Windows.
        }

        Write("elsewhere/evil.ps1");
        string root = Path.Combine(_folder.Path, "root");
        Write("root/good.ps1");
        Directory.CreateSymbolicLink(Path.Combine(root, "linked"), Path.Combine(_folder.Path, "elsewhere"));

        ArtifactWalk walk = ArtifactWalker.Walk([root], root);

        Assert.Equal(["good.ps1"], walk.Artifacts.Select(artifact => artifact.RelativePath));
        ArtifactIssue issue = Assert.Single(walk.Issues);
        Assert.Equal("ArtifactOutsideRoot", issue.ErrorId);
        Assert.False(issue.IsWarning);
    }

    [Fact]
    public void Walk_LinkBackToAncestor_WarnsAndEnds()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Not applicable here: creating links needs a privilege on Windows.
        }

        Write("sub/a.ps1");
        string loop = Path.Combine(_folder.Path, "sub", "loop");
        Directory.CreateSymbolicLink(loop, _folder.Path);
        try
        {
            ArtifactWalk walk = ArtifactWalker.Walk([_folder.Path], _folder.Path);

            Assert.Equal(["sub/a.ps1"], walk.Artifacts.Select(artifact => artifact.RelativePath));
            ArtifactIssue issue = Assert.Single(walk.Issues);
            Assert.Equal("ArtifactLinkLoop", issue.ErrorId);
            Assert.True(issue.IsWarning);
        }
        finally
        {
            Directory.Delete(loop);
        }
    }

    [Fact]
    public void Walk_UnreadableFolder_ReportsNotEvaluated()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            return; // Not applicable here: needs Unix permissions that bind the current user.
        }

        Write("locked/a.ps1");
        string locked = Path.Combine(_folder.Path, "locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            ArtifactWalk walk = ArtifactWalker.Walk([_folder.Path], _folder.Path);

            ArtifactIssue issue = Assert.Single(walk.Issues);
            Assert.Equal("FolderUnreadable", issue.ErrorId);
            Assert.False(issue.IsWarning);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    // ---- root ----

    [Fact]
    public void Walk_FileOutsideRoot_ReportsErrorNamingFileAndRoot()
    {
        string outside = Write("outside.ps1");
        string root = Path.Combine(_folder.Path, "root");
        Directory.CreateDirectory(root);
        Write("root/inside.ps1");

        ArtifactWalk walk = ArtifactWalker.Walk([outside, root], root);

        Assert.Equal(["inside.ps1"], walk.Artifacts.Select(artifact => artifact.RelativePath));
        ArtifactIssue issue = Assert.Single(walk.Issues);
        Assert.False(issue.IsWarning);
        Assert.Equal("ArtifactOutsideRoot", issue.ErrorId);
        Assert.Contains(outside, issue.Message);
        Assert.Contains(root, issue.Message);
    }

    [Theory]
    [InlineData("root", "root/x.ps1", "x.ps1")]
    [InlineData("root", "root/sub/x.ps1", "sub/x.ps1")]
    [InlineData("root", "rootsibling/x.ps1", null)]
    [InlineData("root/sub", "root/x.ps1", null)]
    public void ToRelativePath_Cases_UseSlashesOrNull(string root, string file, string? expected)
    {
        string fullRoot = Path.Combine(_folder.Path, root);
        string fullFile = Path.Combine(_folder.Path, file);

        Assert.Equal(expected, ArtifactWalker.ToRelativePath(fullRoot, fullFile));
    }
}
