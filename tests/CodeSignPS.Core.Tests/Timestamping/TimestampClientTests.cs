using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using CodeSignPS.Core.Timestamping;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.TestServers;

namespace CodeSignPS.Core.Tests.Timestamping;

public sealed class TimestampClientTests(TimestampAuthorityFixture fixture) : IClassFixture<TimestampAuthorityFixture>
{
    private static readonly byte[] SignatureValue = RandomNumberGenerator.GetBytes(256);

    // Honest answers

    [OpenSslFact]
    public void RequestToken_OpenSslServer_ReturnsTokenForImprint()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.OpenSsl);
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(server));

        byte[] token = client.RequestToken(SignatureValue, CancellationToken.None);

        Assert.True(Rfc3161TimestampToken.TryDecode(token, out Rfc3161TimestampToken? decoded, out int consumed));
        Assert.Equal(token.Length, consumed);
        Assert.True(decoded.VerifySignatureForData(SignatureValue, out _));
        Assert.Equal(1, server.RequestCount);
    }

    [OpenSslTheory]
    [InlineData("SHA256")]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void RequestToken_HashAlgorithm_UsedForImprint(string algorithm)
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.OpenSsl);
        HashAlgorithmName name = new(algorithm);
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(server) with { HashAlgorithm = name });

        byte[] token = client.RequestToken(SignatureValue, CancellationToken.None);

        Rfc3161TimestampToken decoded = Rfc3161TimestampToken.TryDecode(token, out Rfc3161TimestampToken? t, out _) ? t : throw new Xunit.Sdk.XunitException("token does not decode");
        using IncrementalHash hash = IncrementalHash.CreateHash(name);
        hash.AppendData(SignatureValue);
        Assert.Equal(hash.GetHashAndReset(), decoded.TokenInfo.GetMessageHash().ToArray());
    }

    [Fact]
    public void RequestToken_NonceWithLeadingZeroByte_Accepted()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.PaddedNonce);
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(server));

        byte[] token = client.RequestToken(SignatureValue, CancellationToken.None);

        Assert.NotEmpty(token);
        Assert.Equal(1, server.RequestCount);
    }

    // Misbehaving servers: each is asked once (no retry for a bad answer) and named with its cause.

    [OpenSslTheory]
    [InlineData(TimestampServerMode.Garbage, "bytes that are not a timestamp reply")]
    [InlineData(TimestampServerMode.HtmlPage, "Content-Type 'text/html'")]
    [InlineData(TimestampServerMode.WrongNonce, "wrong nonce")]
    [InlineData(TimestampServerMode.OtherImprint, "imprint does not match")]
    [InlineData(TimestampServerMode.NoCertificate, "without the TSA certificate")]
    [InlineData(TimestampServerMode.Rejection, "rejection (failInfo badAlg; statusString 'The test authority rejects every request.')")]
    public void RequestToken_BadAnswer_NamesServerAndCause(TimestampServerMode mode, string cause)
    {
        TestTimestampServer server = fixture.Start(mode);
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(server));

        CodeSignException error = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Equal("TimestampFailed", error.ErrorId);
        Assert.Contains($"'{server.Url}' ", error.Message);
        Assert.Contains(cause, error.Message);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public void RequestToken_Unavailable_RetriesBoundedTimes()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.Unavailable);
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(server) with { MaxRetries = 3 });

        CodeSignException error = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Equal(4, server.RequestCount);
        Assert.Contains("answered HTTP 503 (Service Unavailable) on each of 4 attempts", error.Message);
        Assert.Equal(FailureCategory.ResourceUnavailable, error.Category);
    }

    [Fact]
    public void RequestToken_NoRetries_AsksOnce()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.Unavailable);
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(server) with { MaxRetries = 0 });

        Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Equal(1, server.RequestCount);
    }

    [OpenSslFact]
    public void RequestToken_Throttled_WaitsRetryAfterThenSucceeds()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.Throttled, throttledRequests: 1);
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(server));
        List<string> attempts = new();
        client.AttemptCompleted += attempts.Add;

        byte[] token = client.RequestToken(SignatureValue, CancellationToken.None);

        Assert.NotEmpty(token);
        Assert.Equal(2, server.RequestCount);
        Assert.Equal(2, attempts.Count);
        Assert.Contains("answered HTTP 429 (Too Many Requests); retrying in 1 s (retry 1 of 2)", attempts[0]);
        Assert.Contains("returned a valid token", attempts[1]);
    }

    [Fact]
    public void RequestToken_SilentServer_TimesOut()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.Silent);
        TimestampOptions options = TimestampAuthorityFixture.FastOptions(server) with { Timeout = TimeSpan.FromSeconds(1), MaxRetries = 1 };
        using TimestampClient client = new(options);

        CodeSignException error = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Contains($"'{server.Url}' timed out after 1 s on each of 2 attempts", error.Message);
        Assert.Equal(FailureCategory.OperationTimeout, error.Category);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public void RequestToken_Cancelled_ThrowsOperationCanceled()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.Silent);
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(server) with { Timeout = TimeSpan.FromMinutes(5) });
        using CancellationTokenSource cancellation = new(TimeSpan.FromMilliseconds(300));

        Assert.ThrowsAny<OperationCanceledException>(() => client.RequestToken(SignatureValue, cancellation.Token));
    }

    // Several servers

    [OpenSslFact]
    public void RequestToken_FirstServerFails_FallsBackInOrder()
    {
        TestTimestampServer failing = fixture.Start(TimestampServerMode.WrongNonce);
        TestTimestampServer honest = fixture.Start(TimestampServerMode.OpenSsl);
        TestTimestampServer unused = fixture.Start(TimestampServerMode.OpenSsl);
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(failing, honest, unused));

        byte[] token = client.RequestToken(SignatureValue, CancellationToken.None);

        Assert.NotEmpty(token);
        Assert.Equal(1, failing.RequestCount);
        Assert.Equal(1, honest.RequestCount);
        Assert.Equal(0, unused.RequestCount);
    }

    [OpenSslFact]
    public void RequestToken_AllServersFail_NamesEachServer()
    {
        TestTimestampServer unavailable = fixture.Start(TimestampServerMode.Unavailable);
        TestTimestampServer noCertificate = fixture.Start(TimestampServerMode.NoCertificate);
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(unavailable, noCertificate));

        CodeSignException error = Assert.Throws<CodeSignException>(() => client.RequestToken(SignatureValue, CancellationToken.None));

        Assert.Contains($"'{unavailable.Url}' answered HTTP 503", error.Message);
        Assert.Contains($"'{noCertificate.Url}' returned a token without the TSA certificate", error.Message);
        Assert.Equal(FailureCategory.SecurityError, error.Category);
    }

    [OpenSslFact]
    public void RequestToken_ManyCallers_ConcurrencyBoundedPerServer()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.OpenSsl, delay: TimeSpan.FromMilliseconds(300));
        using TimestampClient client = new(TimestampAuthorityFixture.FastOptions(server) with { MaxConcurrentRequestsPerServer = 2 });
        ConcurrentBag<byte[]> tokens = new();

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => tokens.Add(client.RequestToken(SignatureValue, CancellationToken.None)));

        Assert.Equal(8, tokens.Count);
        Assert.Equal(8, server.RequestCount);
        Assert.InRange(server.MaxInFlight, 1, 2);
    }

    // Options

    [Theory]
    [InlineData("ftp://timestamp.example.com/")]
    [InlineData("timestamp.example.com")]
    [InlineData("/tsa")]
    [InlineData("file:///etc/passwd")]
    public void ParseServerUrl_NotHttp_Rejected(string value)
    {
        CodeSignException error = Assert.Throws<CodeSignException>(() => TimestampClient.ParseServerUrl(value));

        Assert.Equal("TimestampServerInvalid", error.ErrorId);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void Constructor_Sha1_Rejected()
    {
        TimestampOptions options = new() { Servers = new[] { new Uri("http://127.0.0.1:1/") }, HashAlgorithm = HashAlgorithmName.SHA1 };

        CodeSignException error = Assert.Throws<CodeSignException>(() => new TimestampClient(options));

        Assert.Equal("TimestampServerInvalid", error.ErrorId);
    }
}
