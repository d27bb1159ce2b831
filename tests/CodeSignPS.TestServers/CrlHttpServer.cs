using System.Net;

namespace CodeSignPS.TestServers;

/// <summary>
/// An HTTP server on 127.0.0.1 for CRL and OCSP tests: serves the files of a folder by name, or
/// misbehaves (hang, HTTP 500, bytes that are no CRL) so that clients can be tested against it.
/// Counts its requests.
/// </summary>
public sealed class CrlHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private int _requestCount;

    public CrlHttpServer(string folder, CrlServerMode mode = CrlServerMode.Files)
    {
        Folder = folder;
        Mode = mode;
        Port = LoopbackPort.StartHttpListener(_listener);
        _ = Task.Run(Loop);
    }

    public string Folder { get; }

    public CrlServerMode Mode { get; set; }

    public int Port { get; }

    public int RequestCount => Volatile.Read(ref _requestCount);

    public Uri UrlOf(string fileName) => new($"http://127.0.0.1:{Port}/{fileName}");

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
