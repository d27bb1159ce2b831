using System.Diagnostics;

namespace CodeSignPS.TestServers;

/// <summary>Answers timestamp queries by running <c>openssl ts -reply</c> with a config file written at start.</summary>
public sealed class OpenSslTimestampAuthority
{
    // openssl reads and rewrites the serial file on every reply, so replies are made one at a time.
    private readonly object _serialLock = new();
    private readonly string _workFolder;
    private readonly string _configPath;

    public OpenSslTimestampAuthority(TimestampAuthorityPki pki, string workFolder)
    {
        _workFolder = workFolder;
        Directory.CreateDirectory(workFolder);
        _configPath = Path.Combine(workFolder, "tsa.cnf");
        File.WriteAllText(Path.Combine(workFolder, "tsaserial"), "01\n");
        File.WriteAllText(_configPath, CreateConfig(pki, workFolder));
    }

    /// <summary>Returns the DER TimeStampResp that openssl makes for <paramref name="query"/>.</summary>
    public byte[] Reply(byte[] query)
    {
        string id = Guid.NewGuid().ToString("N");
        string queryPath = Path.Combine(_workFolder, id + ".tsq");
        string replyPath = Path.Combine(_workFolder, id + ".tsr");
        File.WriteAllBytes(queryPath, query);
        try
        {
            lock (_serialLock)
            {
                Run("ts", "-reply", "-config", _configPath, "-queryfile", queryPath, "-out", replyPath);
            }

            return File.ReadAllBytes(replyPath);
        }
        finally
        {
            File.Delete(queryPath);
            File.Delete(replyPath);
        }
    }

    private static void Run(params string[] arguments)
    {
        ProcessStartInfo start = new("openssl") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} exited with code {process.ExitCode}: {error}{output.Result}");
        }
    }

    private static string CreateConfig(TimestampAuthorityPki pki, string workFolder) => $"""
        [ tsa ]
        default_tsa = test_tsa

        [ test_tsa ]
        dir = {workFolder}
        serial = {Path.Combine(workFolder, "tsaserial")}
        crypto_device = builtin
        signer_cert = {pki.TsaCertificatePath}
        signer_key = {pki.TsaKeyPath}
        signer_digest = sha256
        default_policy = 1.3.6.1.4.1.99999.1
        digests = sha256, sha384, sha512
        accuracy = secs:1
        ordering = no
        tsa_name = yes
        ess_cert_id_chain = no
        ess_cert_id_alg = sha256

        """;
}
