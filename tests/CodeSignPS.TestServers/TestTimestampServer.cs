using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;

namespace CodeSignPS.TestServers;

/// <summary>
/// A timestamp authority for tests on 127.0.0.1: POST / replies to a query as <see cref="Mode"/> sets;
/// GET /stats returns the request counters as JSON and is not counted.
/// </summary>
public sealed class TestTimestampServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly OpenSslTimestampAuthority _openSsl;
    private readonly DotNetTokenWriter _dotNet;
    private readonly DotNetTokenWriter _paddedNonce;
    private readonly Task _loop;
    private int _requests;
    private int _inFlight;
    private int _maxInFlight;

    public TestTimestampServer(TimestampServerMode mode, TimestampAuthorityPki pki, string workFolder, TimeSpan delay = default, int throttledRequests = 1)
    {
        Mode = mode;
        Delay = delay;
        ThrottledRequests = throttledRequests;
        _openSsl = new OpenSslTimestampAuthority(pki, workFolder);
        _dotNet = new DotNetTokenWriter(pki.LoadTsaCertificate(), padNonce: false);
        _paddedNonce = new DotNetTokenWriter(pki.LoadTsaCertificate(), padNonce: true);

        Port = LoopbackPort.StartHttpListener(_listener);
        _loop = Task.Run(AcceptLoop);
    }

    public TimestampServerMode Mode { get; }

    /// <summary>How long each query is held before the reply, so that requests overlap.</summary>
    public TimeSpan Delay { get; }

    /// <summary>How many queries a <see cref="TimestampServerMode.Throttled"/> server rejects with HTTP 429 before it replies.</summary>
    public int ThrottledRequests { get; }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/tsa");

    /// <summary>Timestamp queries received, including those answered with an error.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>The most queries that were in flight at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener's exception; nothing is left to clean up.
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            if (context.Request.HttpMethod == "GET" && context.Request.Url?.AbsolutePath == "/stats")
            {
                string json = $"{{\"requests\":{RequestCount},\"maxInFlight\":{MaxInFlight},\"mode\":\"{Mode}\"}}";
                Send(context.Response, 200, "application/json", Encoding.UTF8.GetBytes(json));
                return;
            }

            int number = Interlocked.Increment(ref _requests);
            int inFlight = Interlocked.Increment(ref _inFlight);
            UpdateMax(inFlight);
            try
            {
                byte[] query = await ReadBody(context.Request).ConfigureAwait(false);
                if (Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, _stopping.Token).ConfigureAwait(false);
                }

                await AnswerAsync(context, query, number).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client went away or the server is stopping.
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"The test timestamp server failed on a query: {ex}").ConfigureAwait(false);
            TrySend(context.Response, 500, "text/plain", Encoding.UTF8.GetBytes(ex.Message));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, byte[] query, int number)
    {
        const string reply = "application/timestamp-reply";
        HttpListenerResponse response = context.Response;
        switch (Mode)
        {
            case TimestampServerMode.OpenSsl:
                Send(response, 200, reply, _openSsl.Reply(query));
                break;
            case TimestampServerMode.DotNet:
                Send(response, 200, reply, _dotNet.Reply(query));
                break;
            case TimestampServerMode.Unavailable:
                Send(response, 503, "text/plain", Encoding.UTF8.GetBytes("The test authority is down."));
                break;
            case TimestampServerMode.Throttled when number <= ThrottledRequests:
                response.Headers["Retry-After"] = "1";
                Send(response, 429, "text/plain", Encoding.UTF8.GetBytes("Slow down."));
                break;
            case TimestampServerMode.Throttled:
                Send(response, 200, reply, _openSsl.Reply(query));
                break;
            case TimestampServerMode.Garbage:
                Send(response, 200, reply, RandomNumberGenerator.GetBytes(200));
                break;
            case TimestampServerMode.HtmlPage:
                Send(response, 200, "text/html", Encoding.UTF8.GetBytes("<html><body>Welcome</body></html>"));
                break;
            case TimestampServerMode.WrongNonce:
                Send(response, 200, reply, _openSsl.Reply(QueryRewriter.WithOtherNonce(query)));
                break;
            case TimestampServerMode.PaddedNonce:
                Send(response, 200, reply, _paddedNonce.Reply(query));
                break;
            case TimestampServerMode.OtherImprint:
                Send(response, 200, reply, _openSsl.Reply(QueryRewriter.WithOtherImprint(query)));
                break;
            case TimestampServerMode.NoCertificate:
                Send(response, 200, reply, _openSsl.Reply(QueryRewriter.WithoutCertificateRequest(query)));
                break;
            case TimestampServerMode.Rejection:
                Send(response, 200, reply, TimestampResponseWriter.Rejection("The test authority rejects every request."));
                break;
            case TimestampServerMode.Silent:
                await Task.Delay(Timeout.InfiniteTimeSpan, _stopping.Token).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Unknown mode {Mode}.");
        }
    }

    private void UpdateMax(int inFlight)
    {
        int seen;
        while (inFlight > (seen = Volatile.Read(ref _maxInFlight)))
        {
            Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen);
        }
    }

    private static async Task<byte[]> ReadBody(HttpListenerRequest request)
    {
        using MemoryStream body = new();
        await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
        return body.ToArray();
    }

    private static void Send(HttpListenerResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        response.Close();
    }

    private static void TrySend(HttpListenerResponse response, int status, string contentType, byte[] body)
    {
        try
        {
            Send(response, status, contentType, body);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The response was already under way.
        }
    }
}
