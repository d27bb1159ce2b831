using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CodeSignPS.Core.Tests.Breaker;

/// <summary>
/// A raw HTTP/1.1 listener on 127.0.0.1 that sends, for every request, the bytes that a test
/// function returns, so that a test can send replies no well-behaved server would: redirects, oversized
/// bodies, hand-made tokens. Counts the requests it receives.
/// </summary>
internal sealed class ScriptedHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<byte[], byte[]> _respond;
    private int _requestCount;

    /// <param name="respond">Returns the whole HTTP response (status line, headers, body) for a request body.</param>
    public ScriptedHttpServer(Func<byte[], byte[]> respond)
    {
        _respond = respond;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/tsa");

    public int RequestCount => Volatile.Read(ref _requestCount);

    public static byte[] Response(int status, string contentType, byte[] body, string extraHeaders = "")
    {
        string head = $"HTTP/1.1 {status} Scripted\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n{extraHeaders}Connection: close\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    public void Dispose() => _listener.Stop();

    private async Task AcceptLoop()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private void Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                byte[] body = ReadRequestBody(stream);
                Interlocked.Increment(ref _requestCount);
                stream.Write(_respond(body));
                stream.Flush();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                // The client gave up (as it should for an oversized reply), or a followed redirect
                // arrived as a GET without a query.
            }
        }
    }

    private static byte[] ReadRequestBody(NetworkStream stream)
    {
        List<byte> head = new();
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            int next = stream.ReadByte();
            if (next < 0)
            {
                throw new IOException("The connection closed before the request headers ended.");
            }

            head.Add((byte)next);
        }

        int length = 0;
        foreach (string line in Encoding.ASCII.GetString(head.ToArray()).Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        byte[] body = new byte[length];
        stream.ReadExactly(body);
        return body;
    }
}
