using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Revocation;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.TestServers;

namespace CodeSignPS.Core.Tests.Revocation;

public sealed class OcspClientTests
{
    private static readonly RevocationFetchOptions ShortTimeout = new() { Timeout = TimeSpan.FromSeconds(1) };

    private static readonly RevocationFetchOptions ReplyTimeout = new() { Timeout = TimeSpan.FromSeconds(15) };

    // --- Answers from an openssl responder ---

    [OpenSslFact]
    public void Check_GoodRevokedAndUnlisted_ReturnsEachStatus()
    {
        using var folder = new TempFolder();
        var pki = new OnlinePki();
        int port = LoopbackPort.FindFree();
        Uri ocspUrl = new($"http://127.0.0.1:{port}/");
        X509Certificate2 good = pki.IssueLeaf("Good Signer", null, ocspUrl);
        X509Certificate2 revoked = pki.IssueLeaf("Revoked Signer", null, ocspUrl);
        X509Certificate2 unlisted = pki.IssueLeaf("Unlisted Signer", null, ocspUrl);
        DateTimeOffset revokedAt = DateTimeOffset.UtcNow.AddHours(-3);
        using var responder = new OpenSslOcspResponder(pki, folder.Path, [good], [revoked], revokedAt, port);
        using var http = new RevocationHttp(new RevocationFetchOptions());
        var client = new OcspClient(http);

        OcspResult goodResult = client.Check(good, pki.Root, CancellationToken.None);
        OcspResult revokedResult = client.Check(revoked, pki.Root, CancellationToken.None);
        OcspResult unlistedResult = client.Check(unlisted, pki.Root, CancellationToken.None);

        Assert.True(goodResult.Status == OcspCertStatus.Good, goodResult.Message);
        Assert.Equal(OcspCertStatus.Revoked, revokedResult.Status);
        Assert.Equal(1, revokedResult.RevocationReason);
        Assert.Equal(revokedAt.ToUnixTimeSeconds(), revokedResult.RevocationTime!.Value.ToUnixTimeSeconds());
        Assert.Contains("keyCompromise", revokedResult.Message);
        Assert.Equal(OcspCertStatus.Unknown, unlistedResult.Status);
    }

    [OpenSslFact]
    public void Check_Sha256CertId_ReturnsGood()
    {
        using var folder = new TempFolder();
        var pki = new OnlinePki();
        int port = LoopbackPort.FindFree();
        X509Certificate2 good = pki.IssueLeaf("Good Signer", null, new Uri($"http://127.0.0.1:{port}/"));
        using var responder = new OpenSslOcspResponder(pki, folder.Path, [good], [], DateTimeOffset.UtcNow, port);
        using var http = new RevocationHttp(new RevocationFetchOptions());

        OcspResult result = new OcspClient(http, HashAlgorithmName.SHA256).Check(good, pki.Root, CancellationToken.None);

        Assert.True(result.Status == OcspCertStatus.Good, result.Message);
    }

    [OpenSslFact]
    public void Check_ResponderOfAnotherCa_Fails()
    {
        using var folder = new TempFolder();
        var pki = new OnlinePki();
        var stranger = new OnlinePki("Stranger CA");
        int port = LoopbackPort.FindFree();
        X509Certificate2 leaf = pki.IssueLeaf("Signer", null, new Uri($"http://127.0.0.1:{port}/"));
        // The stranger's responder signs answers about a certificate it did not issue.
        using var responder = new OpenSslOcspResponder(stranger, folder.Path, [leaf], [], DateTimeOffset.UtcNow, port);
        using var http = new RevocationHttp(new RevocationFetchOptions());

        OcspResult result = new OcspClient(http).Check(leaf, pki.Root, CancellationToken.None);

        Assert.Equal(OcspCertStatus.Failed, result.Status);
        Assert.Contains("signed neither by the issuer", result.Message);
    }

    [Fact]
    public void Check_RepeatedQuestion_AsksOnce()
    {
        using var folder = new TempFolder();
        using var server = new CrlHttpServer(folder.Path, CrlServerMode.ServerError);
        var pki = new OnlinePki();
        X509Certificate2 leaf = pki.IssueLeaf("Signer", null, server.UrlOf("ocsp"));
        using var http = new RevocationHttp(ReplyTimeout);
        var client = new OcspClient(http);

        client.Check(leaf, pki.Root, CancellationToken.None);
        client.Check(leaf, pki.Root, CancellationToken.None);

        Assert.Equal(1, server.RequestCount);
    }

    // --- Misbehaving responders ---

    [Theory]
    [InlineData(CrlServerMode.Hang, "timed out after 1 s")]
    [InlineData(CrlServerMode.ServerError, "returned HTTP 500")]
    [InlineData(CrlServerMode.Garbage, "malformed")]
    public void Check_MisbehavingResponder_FailsWithReason(CrlServerMode mode, string expected)
    {
        using var folder = new TempFolder();
        using var server = new CrlHttpServer(folder.Path, mode);
        var pki = new OnlinePki();
        X509Certificate2 leaf = pki.IssueLeaf("Signer", null, server.UrlOf("ocsp"));

        // Only the hanging responder needs the short limit. The other replies get a longer one, so a
        // loaded machine cannot turn them into a timeout.
        using var http = new RevocationHttp(mode == CrlServerMode.Hang ? ShortTimeout : ReplyTimeout);

        OcspResult result = new OcspClient(http).Check(leaf, pki.Root, CancellationToken.None);

        Assert.Equal(OcspCertStatus.Failed, result.Status);
        Assert.Contains(expected, result.Message);
        Assert.Contains(server.UrlOf("ocsp").ToString(), result.Message);
    }

    [Fact]
    public void Check_ResponderDown_Fails()
    {
        var pki = new OnlinePki();
        X509Certificate2 leaf = pki.IssueLeaf("Signer", null, new Uri($"http://127.0.0.1:{LoopbackPort.FindFree()}/"));
        using var http = new RevocationHttp(ShortTimeout);

        OcspResult result = new OcspClient(http).Check(leaf, pki.Root, CancellationToken.None);

        Assert.Equal(OcspCertStatus.Failed, result.Status);
        Assert.Contains("could not be reached", result.Message);
    }

    [Fact]
    public void Check_NoOcspUrl_FailsWithoutRequest()
    {
        var pki = new OnlinePki();
        X509Certificate2 leaf = pki.IssueLeaf("Signer", null, null);
        using var http = new RevocationHttp(ShortTimeout);

        OcspResult result = new OcspClient(http).Check(leaf, pki.Root, CancellationToken.None);

        Assert.Equal(OcspCertStatus.Failed, result.Status);
        Assert.Null(result.Responder);
    }
}
