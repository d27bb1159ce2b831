using System.Diagnostics;

namespace CodeSignPS.Core.Tests.Keys;

/// <summary>Runs the openssl command-line tool to mint keys and certificates in a test folder.</summary>
internal static class OpenSsl
{
    private static readonly Lazy<bool> Available = new(() => TryRun(Path.GetTempPath(), ["version"], out _));

    public static bool IsAvailable => Available.Value;

    /// <summary>Under CI a missing openssl must fail the tests that need it, never skip them.</summary>
    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Mints a PKCS#8 key with genpkey and a self-signed code signing certificate for it with req;
    /// returns the paths of NAME.crt and NAME.key in <paramref name="folder"/>.
    /// </summary>
    /// <param name="algorithm">"RSA" (2048 bits) or "EC" (P-256).</param>
    public static (string CertificatePath, string KeyPath) MintCodeSigningCertificate(string folder, string name, string algorithm)
    {
        string keyPath = Path.Combine(folder, name + ".key");
        string certificatePath = Path.Combine(folder, name + ".crt");
        string keyOption = algorithm == "RSA" ? "rsa_keygen_bits:2048" : "ec_paramgen_curve:P-256";
        Run(folder, "genpkey", "-algorithm", algorithm, "-pkeyopt", keyOption, "-out", keyPath);
        Run(folder, "req", "-x509", "-new", "-key", keyPath, "-subj", $"/CN=CodeSignPS OpenSSL {name} {Guid.NewGuid():N}",
            "-days", "30", "-addext", "extendedKeyUsage=codeSigning", "-addext", "keyUsage=critical,digitalSignature",
            "-out", certificatePath);
        return (certificatePath, keyPath);
    }

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
