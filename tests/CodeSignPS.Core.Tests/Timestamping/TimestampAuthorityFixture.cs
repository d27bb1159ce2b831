using CodeSignPS.Core.Timestamping;
using CodeSignPS.TestServers;

namespace CodeSignPS.Core.Tests.Timestamping;

/// <summary>One timestamping PKI per test class, and test authorities started on demand and stopped with it.</summary>
public sealed class TimestampAuthorityFixture : IDisposable
{
    private readonly List<TestTimestampServer> _servers = new();

    public TimestampAuthorityFixture()
    {
        Folder = Directory.CreateTempSubdirectory("csps-tsa-").FullName;
        Pki = TimestampAuthorityPki.OpenOrCreate(Path.Combine(Folder, "pki"));
    }

    public string Folder { get; }

    public TimestampAuthorityPki Pki { get; }

    public TestTimestampServer Start(TimestampServerMode mode, TimeSpan delay = default, int throttledRequests = 1)
    {
        TestTimestampServer server = new(mode, Pki, Path.Combine(Folder, Guid.NewGuid().ToString("N")), delay, throttledRequests);
        lock (_servers)
        {
            _servers.Add(server);
        }

        return server;
    }

    /// <summary>Options for <paramref name="servers"/> that fail fast: no backoff, a short timeout.</summary>
    public static TimestampOptions FastOptions(params TestTimestampServer[] servers) => new()
    {
        Servers = servers.Select(server => server.Url).ToArray(),
        Timeout = TimeSpan.FromSeconds(10),
        MaxRetries = 2,
        InitialBackoff = TimeSpan.Zero,
    };

    public void Dispose()
    {
        foreach (TestTimestampServer server in _servers)
        {
            server.Dispose();
        }

        Directory.Delete(Folder, recursive: true);
    }
}
