using System.Net;
using System.Net.Sockets;

namespace CodeSignPS.Core.Tests.Revocation;

/// <summary>How <see cref="CrlHttpServer"/> answers a request.</summary>
public enum CrlServerMode
{
    /// <summary>Serves the file of the request's name from the folder, or 404.</summary>
    Files,

    /// <summary>Answers HTTP 500.</summary>
    ServerError,

    /// <summary>Never answers, so the client times out.</summary>
    Hang,

    /// <summary>Answers 200 with bytes that are no CRL or OCSP response.</summary>
    Garbage,
}

/// <summary>An HTTP server on 127.0.0.1 for CRLs, with misbehaving modes; counts its requests.</summary>
internal sealed class CrlHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private int _requestCount;

    public CrlHttpServer(string folder, CrlServerMode mode = CrlServerMode.Files)
    {
        Folder = folder;
        Mode = mode;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(Loop);
    }

    public string Folder { get; }

    public CrlServerMode Mode { get; set; }

    public int Port { get; }

    public int RequestCount => Volatile.Read(ref _requestCount);

    public Uri UrlOf(string fileName) => new($"http://127.0.0.1:{Port}/{fileName}");

    /// <summary>Returns a TCP port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

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

            Interlocked.Increment(ref _requestCount);
            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        try
        {
            switch (Mode)
            {
                case CrlServerMode.Hang:
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    break;
                case CrlServerMode.ServerError:
                    context.Response.StatusCode = 500;
                    break;
                case CrlServerMode.Garbage:
                    await context.Response.OutputStream.WriteAsync("<html>not a CRL</html>"u8.ToArray());
                    break;
                default:
                    string path = Path.Combine(Folder, Path.GetFileName(context.Request.Url!.AbsolutePath));
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
