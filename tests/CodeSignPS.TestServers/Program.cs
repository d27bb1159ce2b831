using CodeSignPS.TestServers;

// Starts one test timestamp authority and serves until the process is stopped or, with
// --parent-pid, until that process exits (so a crashed test run leaves no server behind). Usage:
//   dotnet CodeSignPS.TestServers.dll --mode openssl --port-file PATH [--pki FOLDER]
//       [--work FOLDER] [--delay-ms N] [--throttled-requests N] [--parent-pid N]
// --pki contains tsa-root.pem, tsa.pem and tsa.key, minted there when missing. The port goes to
// --port-file once the server listens; GET http://127.0.0.1:PORT/stats returns the counters.
// CRL modes serve the files of --folder (crl-files) or misbehave (crl-hang, crl-error, crl-garbage):
//   dotnet CodeSignPS.TestServers.dll --mode crl-files --folder FOLDER --port-file PATH [--parent-pid N]
Dictionary<string, string> options = ParseOptions(args);
if (options.TryGetValue("mode", out string? crlMode) && crlMode.StartsWith("crl-", StringComparison.OrdinalIgnoreCase) && options.TryGetValue("port-file", out string? crlPortFile))
{
    using CrlHttpServer crlServer = new(options.GetValueOrDefault("folder") ?? ".", ParseCrlMode(crlMode));
    WritePort(crlPortFile, crlServer.Port);
    Console.WriteLine($"Test CRL server ({crlMode}) listening at http://127.0.0.1:{crlServer.Port}/");
    WaitForParent(options);
    return 0;
}

if (!options.TryGetValue("mode", out string? modeText) || !options.TryGetValue("port-file", out string? portFile))
{
    Console.Error.WriteLine("Usage: --mode <" + string.Join("|", Enum.GetNames<TimestampServerMode>()) + "> --port-file PATH [--pki FOLDER] [--work FOLDER] [--delay-ms N] [--throttled-requests N] [--parent-pid N]");
    return 2;
}

TimestampServerMode mode = Enum.Parse<TimestampServerMode>(modeText.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
string work = options.GetValueOrDefault("work") ?? Path.Combine(Path.GetTempPath(), "codesignps-tsa-" + Guid.NewGuid().ToString("N"));
TimestampAuthorityPki pki = TimestampAuthorityPki.OpenOrCreate(options.GetValueOrDefault("pki") ?? Path.Combine(work, "pki"));
TimeSpan delay = TimeSpan.FromMilliseconds(int.Parse(options.GetValueOrDefault("delay-ms") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
int throttled = int.Parse(options.GetValueOrDefault("throttled-requests") ?? "1", System.Globalization.CultureInfo.InvariantCulture);

using TestTimestampServer server = new(mode, pki, work, delay, throttled);
WritePort(portFile, server.Port);
Console.WriteLine($"Test timestamp authority ({mode}) listening at {server.Url}");
WaitForParent(options);
return 0;

static CrlServerMode ParseCrlMode(string mode) => mode.ToLowerInvariant() switch
{
    "crl-files" => CrlServerMode.Files,
    "crl-hang" => CrlServerMode.Hang,
    "crl-error" => CrlServerMode.ServerError,
    "crl-garbage" => CrlServerMode.Garbage,
    _ => throw new ArgumentException($"Unknown CRL server mode '{mode}': expected crl-files, crl-hang, crl-error or crl-garbage."),
};

static void WritePort(string portFile, int port)
{
    string temporary = portFile + ".tmp";
    File.WriteAllText(temporary, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    File.Move(temporary, portFile, overwrite: true);
}

static void WaitForParent(Dictionary<string, string> options)
{
    int? parentId = options.TryGetValue("parent-pid", out string? parentText) ? int.Parse(parentText, System.Globalization.CultureInfo.InvariantCulture) : null;
    while (parentId is null || IsRunning(parentId.Value))
    {
        Thread.Sleep(TimeSpan.FromSeconds(1));
    }
}

static bool IsRunning(int processId)
{
    try
    {
        using System.Diagnostics.Process process = System.Diagnostics.Process.GetProcessById(processId);
        return !process.HasExited;
    }
    catch (ArgumentException)
    {
        return false;
    }
}

static Dictionary<string, string> ParseOptions(string[] arguments)
{
    Dictionary<string, string> parsed = new(StringComparer.OrdinalIgnoreCase);
    for (int i = 0; i + 1 < arguments.Length; i += 2)
    {
        parsed[arguments[i].TrimStart('-')] = arguments[i + 1];
    }

    return parsed;
}
