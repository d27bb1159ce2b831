using System.Net;
using System.Net.Sockets;

namespace CodeSignPS.TestServers;

/// <summary>Finds TCP ports for the test servers, which listen on 127.0.0.1 only.</summary>
public static class LoopbackPort
{
    private const int ListenAttempts = 10;

    /// <summary>Returns a TCP port that was free on 127.0.0.1 a moment ago; another process may take it before the caller binds.</summary>
    public static int FindFree()
    {
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts <paramref name="listener"/> on a free port of 127.0.0.1 and returns the port. A port
    /// taken between the probe and the bind, by a parallel test or an outgoing connection, is
    /// replaced by another one.
    /// </summary>
    public static int StartHttpListener(HttpListener listener)
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = FindFree();
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return port;
            }
            catch (HttpListenerException) when (attempt < ListenAttempts)
            {
                // The port was taken after the probe; try the next one.
            }
        }
    }
}
