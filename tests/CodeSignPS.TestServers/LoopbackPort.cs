using System.Net;
using System.Net.Sockets;

namespace CodeSignPS.TestServers;

/// <summary>Finds TCP ports for the test servers, which listen on 127.0.0.1 only.</summary>
public static class LoopbackPort
{
    /// <summary>Returns a TCP port that was free on 127.0.0.1 a moment ago; another process may take it before the caller binds.</summary>
    public static int FindFree()
    {
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
