using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Tests.Keys;

namespace CodeSignPS.Core.Tests.Revocation;

/// <summary>
/// An `openssl ocsp` responder for <see cref="OnlinePki"/>, signing with the delegated responder
/// certificate, with an index file where some certificates are marked revoked (keyCompromise).
/// </summary>
/// <remarks>
/// NOTE: openssl 3.0 declares <c>-port</c> as a non-negative number and rejects "127.0.0.1:PORT"
/// ("Can't parse ... as a number"), so the responder listens on every interface while the test runs.
/// The tests connect to 127.0.0.1 only.
/// </remarks>
internal sealed class OpenSslOcspResponder : IDisposable
{
    private readonly Process _process;

    // Not disposed: the output handlers may still run after the constructor returns.
    private readonly ManualResetEventSlim _listening = new();

    public OpenSslOcspResponder(OnlinePki pki, string folder, X509Certificate2[] good, X509Certificate2[] revoked, DateTimeOffset revokedAt, int port)
    {
        string index = Path.Combine(folder, "index.txt");
        IEnumerable<string> lines = good.Select(certificate => Line("V", certificate, ""))
            .Concat(revoked.Select(certificate => Line("R", certificate, $"{Time(revokedAt)},keyCompromise")));
        File.WriteAllText(index, string.Concat(lines.Select(line => line + "\n")));
        OnlinePki.WritePem(pki.Root, Path.Combine(folder, "ca.pem"));
        OnlinePki.WritePem(pki.Responder, Path.Combine(folder, "ocsp.pem"), Path.Combine(folder, "ocsp.key"));

        Url = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "ocsp", "-index", index, "-port", port.ToString(CultureInfo.InvariantCulture), "-rsigner", "ocsp.pem", "-rkey", "ocsp.key", "-CA", "ca.pem", "-ndays", "1" })
        {
            start.ArgumentList.Add(argument);
        }

        // openssl prints ACCEPT once it listens. A bare TCP probe would not do: the responder serves
        // one connection at a time and waits on a connection that sends nothing.
        ManualResetEventSlim listening = _listening;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => SetWhenAccepting(line.Data, listening);
        _process.ErrorDataReceived += (_, line) => SetWhenAccepting(line.Data, listening);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!listening.Wait(TimeSpan.FromSeconds(15)))
        {
            Dispose();
            throw new InvalidOperationException($"openssl ocsp did not start listening on port {port} within 15 s.");
        }
    }

    public Uri Url { get; }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static string Line(string flag, X509Certificate2 certificate, string revocation)
        => $"{flag}\t{Time(certificate.NotAfter)}\t{revocation}\t{certificate.SerialNumber}\tunknown\t/{certificate.Subject}";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture);

    private static void SetWhenAccepting(string? line, ManualResetEventSlim listening)
    {
        if (line is not null && (line.StartsWith("ACCEPT", StringComparison.Ordinal) || line.Contains("waiting for OCSP client", StringComparison.Ordinal)))
        {
            listening.Set();
        }
    }
}
