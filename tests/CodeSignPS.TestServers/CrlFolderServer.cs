using System.Net;
using System.Net.Sockets;

namespace CodeSignPS.TestServers;

/// <summary>
/// An HTTP server on 127.0.0.1 for CRL and OCSP tests: serves the files of a folder by name, or
/// misbehaves (hang, HTTP 500, bytes that are no CRL) so that clients can be tested against it.
/// </summary>
internal sealed class CrlFolderServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _folder;
    private readonly string _behaviour;

    /// <param name="behaviour">files, hang, error or garbage.</param>
    public CrlFolderServer(string folder, string behaviour)
    {
        _folder = folder;
        _behaviour = behaviour;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(Loop);
    }

    public int Port { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    private async Task Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        try
        {
            switch (_behaviour)
            {
                case "hang":
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    break;
                case "error":
                    context.Response.StatusCode = 500;
                    break;
                case "garbage":
                    await context.Response.OutputStream.WriteAsync("<html>not a CRL</html>"u8.ToArray());
                    break;
                default:
                    string path = Path.Combine(_folder, Path.GetFileName(context.Request.Url!.AbsolutePath));
                    if (File.Exists(path))
                    {
                        await context.Response.OutputStream.WriteAsync(await File.ReadAllBytesAsync(path));
                    }
                    else
                    {
                        context.Response.StatusCode = 404;
                    }

                    break;
            }

            context.Response.Close();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
            // The server stopped or the client gave up.
        }
    }
}
