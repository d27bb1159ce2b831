using System.Diagnostics;
using CodeSignPS.Core.Tests.Keys;

namespace CodeSignPS.Core.Tests.Certificates;

/// <summary>Runs openssl and keeps its output, for the import and export interop tests.</summary>
internal static class ImportExportSupport
{
    public const string Password = "Imp0rt-Exp0rt!";

    /// <summary>Mints an RSA or EC key and a self-signed certificate with openssl; returns cert.pem and key.pem paths.</summary>
    public static (string Certificate, string Key) Mint(string folder, string algorithm = "RSA") =>
        OpenSsl.MintCodeSigningCertificate(folder, "openssl-" + algorithm.ToLowerInvariant(), algorithm);

    /// <summary>Runs openssl in the folder; fails the test with its output when it exits non-zero.</summary>
    public static string Run(string folder, params string[] arguments)
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

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd() + error.Result;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {output}");
        return output;
    }
}
