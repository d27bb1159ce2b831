using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Revocation;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.TestServers;

namespace CodeSignPS.Core.Tests.Revocation;

public sealed class CrlDownloaderTests
{
    // Only the hanging server needs the short limit. The others get a long one, so a loaded machine
    // cannot turn a reply into a timeout.
    private static readonly RevocationFetchOptions ShortTimeout = new() { Timeout = TimeSpan.FromSeconds(1) };
    private static readonly RevocationFetchOptions ReplyTimeout = new() { Timeout = TimeSpan.FromSeconds(15) };

    // --- Distribution point URLs ---

    [Fact]
    public void Read_HttpLdapAndFileUrls_KeepsOnlyHttp()
    {
        var pki = new OnlinePki();
        using X509Certificate2 leaf = pki.IssueLeaf("Signer", null, null);
        var request = new CertificateRequest("CN=Several Points", leaf.GetRSAPublicKey()!, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(
            ["ldap://ldap.example/cn=CA?certificateRevocationList", "http://127.0.0.1:1/a.crl", "file:///etc/ca.crl", "https://127.0.0.1:1/b.crl"]));
        using X509Certificate2 certificate = request.Create(pki.Root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [0x12, 0x01]);

        RevocationUrls urls = RevocationUrls.Read(certificate);

        Assert.Equal([new Uri("http://127.0.0.1:1/a.crl")], urls.CrlUrls);
        Assert.Equal(3, urls.Ignored.Count);
        Assert.Contains(urls.Ignored, reason => reason.Contains("ldap:"));
    }

    // --- Downloads ---

    [Fact]
    public void Download_ServedCrl_ReturnsDerOnceFromCache()
    {
        using var folder = new TempFolder();
        using var server = new CrlHttpServer(folder.Path);
        var pki = new OnlinePki();
        folder.Write("ca.crl", pki.BuildCrl(BigInteger.One));
        X509Certificate2 leaf = pki.IssueLeaf("Signer", server.UrlOf("ca.crl"), null);
        using var http = new RevocationHttp(ReplyTimeout);
        var downloader = new CrlDownloader(http);

        CrlDownload first = downloader.Download(leaf, CancellationToken.None).Single();
        CrlDownload second = downloader.Download(leaf, CancellationToken.None).Single();

        Assert.True(first.Succeeded, first.Failure);
        Assert.Same(first, second);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public void Download_PemCrl_ReturnsDer()
    {
        using var folder = new TempFolder();
        using var server = new CrlHttpServer(folder.Path);
        var pki = new OnlinePki();
        byte[] der = pki.BuildCrl(BigInteger.One);
        File.WriteAllText(Path.Combine(folder.Path, "ca.crl"), System.Security.Cryptography.PemEncoding.WriteString("X509 CRL", der));
        using var http = new RevocationHttp(ReplyTimeout);

        CrlDownload download = new CrlDownloader(http).Download(server.UrlOf("ca.crl"), CancellationToken.None);

        Assert.Equal(der, download.Crl);
    }

    [Theory]
    [InlineData(CrlServerMode.Hang, "timed out after 1 s")]
    [InlineData(CrlServerMode.ServerError, "returned HTTP 500")]
    [InlineData(CrlServerMode.Garbage, "not a DER CRL")]
    [InlineData(CrlServerMode.Files, "returned HTTP 404")]
    public void Download_MisbehavingServer_FailsWithReason(CrlServerMode mode, string expected)
    {
        using var folder = new TempFolder();
        using var server = new CrlHttpServer(folder.Path, mode);
        using var http = new RevocationHttp(mode == CrlServerMode.Hang ? ShortTimeout : ReplyTimeout);

        CrlDownload download = new CrlDownloader(http).Download(server.UrlOf("missing.crl"), CancellationToken.None);

        Assert.False(download.Succeeded);
        Assert.Contains(expected, download.Failure);
    }

    [Fact]
    public void Download_OversizedCrl_Fails()
    {
        using var folder = new TempFolder();
        using var server = new CrlHttpServer(folder.Path);
        folder.Write("big.crl", new byte[4096]);
        using var http = new RevocationHttp(ReplyTimeout with { MaxCrlBytes = 1024 });

        CrlDownload download = new CrlDownloader(http).Download(server.UrlOf("big.crl"), CancellationToken.None);

        Assert.False(download.Succeeded);
        Assert.Contains("limit of 1024 bytes", download.Failure);
    }

    [Fact]
    public void Download_Redirect_IsNotFollowed()
    {
        using var target = new ScriptedHttpServer(_ => ScriptedHttpServer.Response(200, "application/pkix-crl", [0x30, 0x00]));
        using var redirect = new ScriptedHttpServer(_ => ScriptedHttpServer.Response(302, "text/plain", [], $"Location: {target.Url}\r\n"));
        using var http = new RevocationHttp(ReplyTimeout);

        CrlDownload download = new CrlDownloader(http).Download(redirect.Url, CancellationToken.None);

        Assert.False(download.Succeeded);
        Assert.Contains("not followed", download.Failure);
        Assert.Equal(0, target.RequestCount);
    }

    [Fact]
    public void Download_HttpsUrl_IsNotContacted()
    {
        using var http = new RevocationHttp(ShortTimeout);

        CrlDownload download = new CrlDownloader(http).Download(new Uri("https://127.0.0.1:1/ca.crl"), CancellationToken.None);

        Assert.False(download.Succeeded);
        Assert.Contains("not an http URL", download.Failure);
    }
}
