using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Timestamping;

namespace CodeSignPS.Core.Tests.Timestamping;

/// <summary>
/// Replies from hostile or broken timestamp servers that the client must not follow, retry or
/// embed, made byte for byte by a scripted server. Each test states the expected behaviour in its
/// comment.
/// </summary>
public sealed class TimestampClientHostileServerTests : IDisposable
{
    private static readonly byte[] SignatureValue = RandomNumberGenerator.GetBytes(256);
    private readonly TestTimestampAuthority _authority = TestTimestampAuthority.Create("Hostile Server TSA");
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
    // machine included.
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
        Assert.Equal(1, redirecting.RequestCount);
        Assert.Contains($"answered HTTP {status} (redirect to '{target.Url}'), which is not followed", failure.Message);
        Assert.Contains("use the final URL", failure.Message);
    }

    // Expected: a redirect is not retried, because the server would redirect again.
    [Fact]
    public void RequestToken_Redirect_NotRetried()
    {
        ScriptedHttpServer redirecting = Start(_ => ScriptedHttpServer.Response(307, "text/plain", [], "Location: /elsewhere\r\n"));
        using TimestampClient client = new(Options(redirecting) with { MaxRetries = 2 });

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Equal(1, redirecting.RequestCount);
        Assert.Contains($"redirect to '{new Uri(redirecting.Url, "/elsewhere")}'", failure.Message);
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
    [Fact]
    public void RequestToken_ReplyOverSizeLimit_NotRetriedAndNotCalledUnreachable()
    {
        ScriptedHttpServer huge = Start(_ => ScriptedHttpServer.Response(200, "application/timestamp-reply", new byte[3 * 1024 * 1024]));
        using TimestampClient client = new(Options(huge) with { MaxRetries = 2 });

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Equal(1, huge.RequestCount);
        Assert.Contains("returned more than 1 MiB, which is not a timestamp reply", failure.Message);
        Assert.DoesNotContain("could not be reached", failure.Message);
        Assert.DoesNotContain("busy or unreachable", failure.Message);
    }

    // Tokens that verification rejects

    // Expected: the client rejects a token that Get-CodeSignature will never verify. The token's
    // ESSCertIDv2 names another certificate than the one that signed it; TimestampVerifier rejects
    // that, so signing with it leaves a timestamp that does not count.
    [Fact]
    public void RequestToken_SigningCertificateAttributeNamesAnotherCertificate_Rejected()
    {
        ScriptedHttpServer server = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa, namedCertificate: _authority.Root));
        using TimestampClient client = new(Options(server));

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Equal(FailureCategory.SecurityError, failure.Category);
        Assert.Contains("signing certificate attribute names the certificate", failure.Message);
    }

    // Expected: as above, for a token with no ESSCertID or ESSCertIDv2 at all (RFC 3161 2.4.2 MUST).
    [Fact]
    public void RequestToken_NoSigningCertificateAttribute_Rejected()
    {
        ScriptedHttpServer server = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa, omitSigningCertificate: true));
        using TimestampClient client = new(Options(server));

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Contains("no signing certificate attribute", failure.Message);
    }

    // Expected: a rejected token makes the client try the next server, which gives a usable token.
    [Fact]
    public void RequestToken_FirstTokenNamesAnotherCertificate_NextServerUsed()
    {
        ScriptedHttpServer bad = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa, namedCertificate: _authority.Root));
        ScriptedHttpServer good = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa));
        using TimestampClient client = new(Options(bad) with { Servers = [bad.Url, good.Url] });

        byte[] token = client.RequestToken(SignatureValue, CancellationToken.None);

        Assert.NotEmpty(token);
        Assert.Equal(1, good.RequestCount);
    }

    // Expected: a token whose genTime is far from the local clock comes from a TSA with a broken
    // clock; embedding it gives a signature that is Expired at once (the signer is judged at that
    // time). The client rejects it and tries the next server.
    [Theory]
    [InlineData(30)]
    [InlineData(-20)]
    public void RequestToken_GenTimeDaysFromNow_Rejected(int days)
    {
        ScriptedHttpServer server = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa, genTime: DateTimeOffset.UtcNow.AddDays(days)));
        using TimestampClient client = new(Options(server));

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Contains($"{Math.Abs(days)} days {(days > 0 ? "ahead of" : "behind")} this computer's clock", failure.Message);
    }

    // Control for the tolerance: a TSA clock a few minutes off is within it, so the token is used.
    [Theory]
    [InlineData(3)]
    [InlineData(-3)]
    public void RequestToken_GenTimeMinutesFromNow_Accepted(int minutes)
    {
        ScriptedHttpServer server = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa, genTime: DateTimeOffset.UtcNow.AddMinutes(minutes)));
        using TimestampClient client = new(Options(server));

        Assert.NotEmpty(client.RequestToken(SignatureValue, CancellationToken.None));
    }

    // Expected: a genTime outside the signer certificate's validity would give a signature that is
    // expired (or not yet valid) from the start, so the token is rejected. The signer certificates
    // here are minted outside now, so that the current genTime falls outside them.
    [Theory]
    [InlineData(-10, -1, "after the signer certificate")]
    [InlineData(1, 10, "before the signer certificate")]
    public void RequestToken_GenTimeOutsideSignerValidity_Rejected(int notBeforeDays, int notAfterDays, string expected)
    {
        using TestPki pki = TestPki.Create("Signer Validity", leafNotBefore: DateTimeOffset.UtcNow.AddDays(notBeforeDays), leafNotAfter: DateTimeOffset.UtcNow.AddDays(notAfterDays));
        ScriptedHttpServer server = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa));
        using TimestampClient client = new(Options(server), pki.Leaf);

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Contains(expected, failure.Message);
        Assert.Equal(FailureCategory.SecurityError, failure.Category);
    }

    [Fact]
    public void RequestToken_GenTimeInsideSignerValidity_Accepted()
    {
        using TestPki pki = TestPki.Create("Signer Validity");
        ScriptedHttpServer server = Start(query => HostileTokenWriter.Reply(query, _authority.Tsa));
        using TimestampClient client = new(Options(server), pki.Leaf);

        Assert.NotEmpty(client.RequestToken(SignatureValue, CancellationToken.None));
    }

    // Server URLs

    // Expected: credentials in a server URL are rejected before any request, and do not reach the
    // error message (or the verbose stream, which prints the same text): the URL would be printed in
    // every message and log line about that server.
    [Theory]
    [InlineData("http://user:s3cret-pass@127.0.0.1:1/tsa")]
    [InlineData("https://s3cret-pass@127.0.0.1:1/tsa")]
    [InlineData("ftp://user:s3cret-pass@127.0.0.1:1/tsa")]
    [InlineData("user:s3cret-pass@127.0.0.1/tsa")]
    [InlineData("http://user:s3cret-pass@bad host/tsa")]
    public void ParseServerUrl_UrlWithCredentials_RejectedWithoutPrintingThem(string value)
    {
        CodeSignException failure = Assert.Throws<CodeSignException>(() => TimestampClient.ParseServerUrl(value));

        Assert.Equal("TimestampServerInvalid", failure.ErrorId);
        Assert.DoesNotContain("s3cret-pass", failure.Message);
        Assert.DoesNotContain("s3cret-pass", failure.Target ?? string.Empty);
    }

    [Fact]
    public void ParseServerUrl_UrlWithCredentials_MessageSaysToRemoveThem()
    {
        CodeSignException failure = Assert.Throws<CodeSignException>(() => TimestampClient.ParseServerUrl("http://user:s3cret-pass@127.0.0.1:1/tsa"));

        Assert.Contains("contains credentials", failure.Message);
        Assert.Contains("remove them", failure.Message);
        Assert.Contains("'http://127.0.0.1:1/tsa'", failure.Message);
    }

    // Expected: a Uri built by the caller, not by ParseServerUrl, gets the same check.
    [Fact]
    public void Constructor_UriWithCredentials_RejectedWithoutPrintingThem()
    {
        TimestampOptions options = new() { Servers = [new Uri("http://user:s3cret-pass@127.0.0.1:1/tsa")], MaxRetries = 0 };

        CodeSignException failure = Assert.Throws<CodeSignException>(() => new TimestampClient(options));

        Assert.Equal("TimestampServerInvalid", failure.ErrorId);
        Assert.DoesNotContain("s3cret-pass", failure.Message);
    }

    // Expected: a redirect to a URL with credentials is reported without them.
    [Fact]
    public void RequestToken_RedirectToUrlWithCredentials_PasswordNotInMessage()
    {
        ScriptedHttpServer redirecting = Start(_ => ScriptedHttpServer.Response(302, "text/plain", [], "Location: http://user:s3cret-pass@127.0.0.1:1/tsa\r\n"));
        using TimestampClient client = new(Options(redirecting));
        List<string> verbose = new();
        client.AttemptCompleted += verbose.Add;

        CodeSignException failure = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Contains("redirect to 'http://127.0.0.1:1/tsa'", failure.Message);
        Assert.DoesNotContain("s3cret-pass", failure.Message);
        Assert.DoesNotContain(verbose, line => line.Contains("s3cret-pass", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://user:pw@tsa.example.com/a?b#c", "http://tsa.example.com/a?b#c")]
    [InlineData("http://tsa.example.com:8080/a", "http://tsa.example.com:8080/a")]
    [InlineData("http://tsa.example.com", "http://tsa.example.com")]
    public void DisplayServerUrl_Url_PrintedWithoutUserInfo(string value, string expected)
    {
        Assert.Equal(expected, TimestampClient.DisplayServerUrl(new Uri(value)));
    }

    // Expected: a URL with a control character (a pasted newline) is rejected as TimestampServerInvalid
    // instead of being accepted and splitting the one-line-per-server error message.
    [Theory]
    [InlineData("http://127.0.0.1:1/a\nb")]
    [InlineData("http://127.0.0.1:1/a\tb")]
    [InlineData("http://127.0.0.1:1/tsa\r\n")]
    [InlineData("\nhttp://127.0.0.1:1/tsa")]
    [InlineData("http://127.0.0.1:1/a\u0000b")]
    [InlineData("http://127.0.0.1:1/a\u007Fb")]
    [InlineData("http://127.0.0.1:1/a\u0085b")]
    public void ParseServerUrl_ControlCharacter_Rejected(string value)
    {
        CodeSignException failure = Assert.Throws<CodeSignException>(() => TimestampClient.ParseServerUrl(value));

        Assert.Equal("TimestampServerInvalid", failure.ErrorId);
        Assert.Contains("control character", failure.Message);
        Assert.DoesNotContain(failure.Message, char.IsControl);
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
