using System.Diagnostics;

namespace CodeSignPS.Core.Tests.Keys;

/// <summary>Runs the openssl command-line tool to mint keys and certificates in a test folder.</summary>
internal static class OpenSsl
{
    private static readonly Lazy<bool> Available = new(() => TryRun(Path.GetTempPath(), ["version"], out _));

    public static bool IsAvailable => Available.Value;

    /// <summary>Under CI a missing openssl must fail the tests that need it, never skip them.</summary>
    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs openssl in <paramref name="folder"/> and fails the test when it exits non-zero.</summary>
    public static void Run(string folder, params string[] arguments)
    {
        if (!TryRun(folder, arguments, out string output))
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {output}");
        }
    }

    private static bool TryRun(string folder, string[] arguments, out string output)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            Task<string> error = process.StandardError.ReadToEndAsync();
            string standardOutput = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            output = standardOutput + error.Result;
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            output = $"openssl could not be started: {exception.Message}";
            return false;
        }
    }
}
