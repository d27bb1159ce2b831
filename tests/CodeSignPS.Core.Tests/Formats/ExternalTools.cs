using System.Diagnostics;

namespace CodeSignPS.Core.Tests.Formats;

/// <summary>
/// Runs command-line tools that some tests compare against. With CI=true a missing tool fails the
/// test. Elsewhere the test returns early and names the missing tool in its output.
/// </summary>
internal static class ExternalTools
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the full path of <paramref name="tool"/> on PATH, or null when it is not installed.</summary>
    public static string? Find(string tool)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(folder, tool);
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Returns whether every tool is installed. When one is missing, fails under CI and otherwise
    /// writes a message through <paramref name="log"/>.
    /// </summary>
    public static bool Require(Action<string> log, params string[] tools)
    {
        string[] missing = tools.Where(tool => Find(tool) is null).ToArray();
        if (missing.Length == 0)
        {
            return true;
        }

        string message = $"{string.Join(" and ", missing)} not found on PATH; install openssl and osslsigncode 2.9 or newer (older releases cannot sign scripts) to run this test.";
        Assert.False(IsCi, message);
        log(message);
        return false;
    }

    /// <summary>Runs <paramref name="tool"/> and returns its exit code and combined output, with a 60-second timeout.</summary>
    public static (int ExitCode, string Output) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        Task<string> standardOutput = process.StandardOutput.ReadToEndAsync();
        Task<string> standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} timed out after 60 seconds.");
        }

        return (process.ExitCode, standardOutput.Result + standardError.Result);
    }
}
