using System.Diagnostics;
using CodeSignPS.Core.Tests.TestSupport;
using Xunit.Abstractions;

namespace CodeSignPS.Core.Tests.Detached;

/// <summary>
/// Signs and verifies a 4 GiB sparse file in a child process and checks its peak resident memory,
/// so that a regression to reading the whole file shows up as a failure rather than as a slow test.
/// </summary>
public sealed class DetachedMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const long FileLength = 4L << 30;
    private const long MaximumPeakKilobytes = 200 * 1024;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SignAndVerify_FourGigabyteFile_StaysUnder200Megabytes()
    {
        if (!OperatingSystem.IsLinux())
        {
            output.WriteLine("The probe reads its peak memory from /proc/self/status, which only Linux has.");
            return;
        }

        string path = Path.Combine(_folder.Path, "large.bin");
        using (FileStream stream = new(path, FileMode.CreateNew))
        {
            stream.SetLength(FileLength); // ftruncate: a sparse file, no disk space used
        }

        (int exitCode, string text) = RunProbe(path);
        output.WriteLine(text);

        Assert.True(exitCode == 0, text);
        Assert.Contains("status=Valid", text, StringComparison.Ordinal);
        long peakKilobytes = long.Parse(text.Split("vmhwm_kb=")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(peakKilobytes, 1, MaximumPeakKilobytes);
        Assert.Equal(FileLength, new FileInfo(path).Length);
    }

    // The probe is built beside this test assembly: same configuration, its own project folder.
    private static (int ExitCode, string Output) RunProbe(string path)
    {
        string testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string probe = Path.Combine(
            testOutput.Replace($"{Path.DirectorySeparatorChar}CodeSignPS.Core.Tests{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}CodeSignPS.DetachedProbe{Path.DirectorySeparatorChar}", StringComparison.Ordinal),
            "CodeSignPS.DetachedProbe.dll");
        Assert.True(File.Exists(probe), $"The probe was not built at '{probe}'; build the solution first.");

        ProcessStartInfo start = new("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(path);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string standardOutput = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The probe did not finish signing and verifying '{path}' within 5 minutes.");
        }

        return (process.ExitCode, standardOutput + error.Result);
    }
}
