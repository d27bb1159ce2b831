using System.Security.Cryptography;
using System.Text;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Timestamping;

namespace CodeSignPS.Core.Tests.Breaker;

/// <summary>
/// Replies from hostile or broken timestamp servers that the client must not follow, retry or
/// embed. Each test states the expected behaviour in its comment.
/// </summary>
public sealed class TimestampClientBreakerTests : IDisposable
{
    private static readonly byte[] SignatureValue = RandomNumberGenerator.GetBytes(256);
    private readonly TestTimestampAuthority _authority = TestTimestampAuthority.Create("Breaker TSA");
    private readonly List<ScriptedHttpServer> _servers = new();

    public void Dispose()
    {
        foreach (ScriptedHttpServer server in _servers)
        {
            server.Dispose();
        }

        _authority.Dispose();
    }

    // Redirects

    // Expected: a 3xx reply is a failure of that server ("answered HTTP 307 ..."), and its Location
    // is never requested: following it would send the query to any host the server names, off the
    // machine included. Today SocketsHttpHandler follows it (AllowAutoRedirect defaults to true).
    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public void RequestToken_RedirectToAnotherServer_NotFollowed(int status)
    {
        ScriptedHttpServer target = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa));
        ScriptedHttpServer redirecting = Start(_ => ScriptedHttpServer.Response(status, "text/plain", [], $"Location: {target.Url}\r\n"));
        using TimestampClient client = new(Options(redirecting));

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Equal(0, target.RequestCount);
        Assert.Contains($"HTTP {status}", failure.Message);
    }

    // Expected: a server that redirects to itself is asked once per attempt, not 51 times.
    [Fact]
    public void RequestToken_RedirectLoop_AsksServerOncePerAttempt()
    {
        ScriptedHttpServer? looping = null;
        looping = Start(_ => ScriptedHttpServer.Response(302, "text/plain", [], $"Location: {looping!.Url}\r\n"));
        using TimestampClient client = new(Options(looping) with { MaxRetries = 0 });

        Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Equal(1, looping.RequestCount);
    }

    // Oversized replies

    // Expected: a reply over the 1 MiB limit is a bad reply ("returned more than 1 MiB, which is not
    // a timestamp reply"), not retried and not described as a server that "could not be reached".
    // Today the HttpRequestException from the buffer limit is taken for a connection failure.
    [Fact]
    public void RequestToken_ReplyOverSizeLimit_NotRetriedAndNotCalledUnreachable()
    {
        ScriptedHttpServer huge = Start(_ => ScriptedHttpServer.Response(200, "application/timestamp-reply", new byte[3 * 1024 * 1024]));
        using TimestampClient client = new(Options(huge) with { MaxRetries = 2 });

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Equal(1, huge.RequestCount);
        Assert.DoesNotContain("could not be reached", failure.Message);
        Assert.DoesNotContain("busy or unreachable", failure.Message);
    }

    // Tokens that verification rejects

    // Expected: the client rejects a token that Get-CodeSignature will never verify. The token's
    // ESSCertIDv2 names another certificate than the one that signed it; TimestampVerifier rejects
    // that, so signing with it leaves a timestamp that does not count. Today it is embedded.
    [Fact]
    public void RequestToken_SigningCertificateAttributeNamesAnotherCertificate_Rejected()
    {
        ScriptedHttpServer server = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa, namedCertificate: _authority.Root));
        using TimestampClient client = new(Options(server));

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Equal(FailureCategory.SecurityError, failure.Category);
    }

    // Expected: as above, for a token with no ESSCertID or ESSCertIDv2 at all (RFC 3161 2.4.2 MUST).
    [Fact]
    public void RequestToken_NoSigningCertificateAttribute_Rejected()
    {
        ScriptedHttpServer server = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa, omitSigningCertificate: true));
        using TimestampClient client = new(Options(server));

        Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));
    }

    // Expected: a token whose genTime is far from the local clock comes from a TSA with a broken
    // clock; embedding it gives a signature that is Expired at once (the signer is judged at that
    // time). The client rejects it and tries the next server. Today any genTime is embedded.
    [Theory]
    [InlineData(30)]
    [InlineData(-20)]
    public void RequestToken_GenTimeDaysFromNow_Rejected(int days)
    {
        ScriptedHttpServer server = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa, genTime: DateTimeOffset.UtcNow.AddDays(days)));
        using TimestampClient client = new(Options(server));

        Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));
    }

    // Server URLs

    // Expected: credentials in a server URL do not reach the error message (or the verbose stream,
    // which prints the same text). Today the URL is printed as typed, password included.
    [Fact]
    public void RequestToken_UrlWithPassword_PasswordNotInMessage()
    {
        Uri server = TimestampClient.ParseServerUrl("http://user:s3cret-pass@127.0.0.1:1/tsa");
        using TimestampClient client = new(new TimestampOptions { Servers = [server], Timeout = TimeSpan.FromSeconds(2), MaxRetries = 0 });
        StringBuilder verbose = new();
        client.AttemptCompleted += line => verbose.AppendLine(line);

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.DoesNotContain("s3cret-pass", failure.Message);
        Assert.DoesNotContain("s3cret-pass", verbose.ToString());
    }

    // Expected: a URL with a control character (a pasted newline) is rejected as TimestampServerInvalid
    // instead of being accepted and splitting the one-line-per-server error message.
    [Theory]
    [InlineData("http://127.0.0.1:1/a\nb")]
    [InlineData("http://127.0.0.1:1/a\tb")]
    public void ParseServerUrl_ControlCharacter_Rejected(string value)
    {
        CodeSignException failure = Assert.Throws<CodeSignException>(() => TimestampClient.ParseServerUrl(value));

        Assert.Equal("TimestampServerInvalid", failure.ErrorId);
    }

    private ScriptedHttpServer Start(Func<byte[], byte[]> respond)
    {
        ScriptedHttpServer server = new(respond);
        _servers.Add(server);
        return server;
    }

    private static TimestampOptions Options(ScriptedHttpServer server) => new()
    {
        Servers = [server.Url],
        Timeout = TimeSpan.FromSeconds(10),
        MaxRetries = 0,
        InitialBackoff = TimeSpan.Zero,
    };
}
