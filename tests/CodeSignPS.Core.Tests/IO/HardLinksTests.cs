using System.Diagnostics;
using CodeSignPS.Core.IO;

namespace CodeSignPS.Core.Tests.IO;

public sealed class HardLinksTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("csps-links-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Count_SingleFile_ReturnsOne()
    {
        string path = Path.Combine(_folder, "one.ps1");
        File.WriteAllText(path, "x");

        Assert.Equal(1, HardLinks.Count(path));
    }

    [Fact]
    public void Count_TwoLinks_ReturnsTwo()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = Path.Combine(_folder, "one.ps1");
        File.WriteAllText(path, "x");
        using Process ln = Process.Start("ln", [path, Path.Combine(_folder, "two.ps1")]);
        ln.WaitForExit();

        Assert.Equal(2, HardLinks.Count(path));
    }
}
