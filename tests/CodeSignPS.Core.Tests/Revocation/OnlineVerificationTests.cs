using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Revocation;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;
using CodeSignPS.TestServers;

namespace CodeSignPS.Core.Tests.Revocation;

/// <summary>Signed scripts verified with RevocationMode Online against servers on 127.0.0.1.</summary>
public sealed class OnlineVerificationTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TempFolder _served = new();
    private readonly OnlinePki _pki = new();
    private readonly List<IDisposable> _disposables = new();

    public void Dispose()
    {
        foreach (IDisposable disposable in _disposables)
        {
            disposable.Dispose();
        }

        _served.Dispose();
        _folder.Dispose();
    }

    // --- OCSP ---

    [OpenSslFact]
    public void Verify_OcspGood_IsValidAndChecked()
    {
        int port = LoopbackPort.FindFree();
        X509Certificate2 leaf = _pki.IssueLeaf("OCSP Good Signer", null, new Uri($"http://127.0.0.1:{port}/"));
        StartResponder([leaf], [], port);

        VerificationResult result = VerifyOnline(SignedScript(leaf));

        Assert.True(result.Status == SignatureStatus.Valid, result.StatusMessage);
        Assert.True(result.IsRevocationChecked);
        Assert.Equal(RevocationMode.Online, result.RevocationMode);
    }

    [OpenSslFact]
    public void Verify_OcspRevoked_IsRevokedWithReasonAndTime()
    {
        int port = LoopbackPort.FindFree();
        X509Certificate2 leaf = _pki.IssueLeaf("OCSP Revoked Signer", null, new Uri($"http://127.0.0.1:{port}/"));
        DateTimeOffset revokedAt = new DateTimeOffset(DateTime.UtcNow.AddHours(-5).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        StartResponder([], [leaf], port, revokedAt);

        VerificationResult result = VerifyOnline(SignedScript(leaf));

        Assert.Equal(SignatureStatus.Revoked, result.Status);
        Assert.Contains("KeyCompromise", result.StatusMessage);
        Assert.Contains(revokedAt.UtcDateTime.ToString("u"), result.StatusMessage);
        Assert.Contains("OCSP responder", result.StatusMessage);
    }

    [OpenSslFact]
    public void Verify_OcspUnknownAndCrlGood_FallsBackToCrl()
    {
        CrlHttpServer crlServer = StartCrlServer();
        _served.Write("ca.crl", _pki.BuildCrl(BigInteger.One));
        int port = LoopbackPort.FindFree();
        X509Certificate2 leaf = _pki.IssueLeaf("Unlisted Signer", crlServer.UrlOf("ca.crl"), new Uri($"http://127.0.0.1:{port}/"));
        StartResponder([], [], port);

        VerificationResult result = VerifyOnline(SignedScript(leaf));

        Assert.True(result.Status == SignatureStatus.Valid, result.StatusMessage);
        Assert.Equal(1, crlServer.RequestCount);
    }

    // --- CRL over HTTP ---

    [Fact]
    public void Verify_CrlListsSigner_IsRevoked()
    {
        CrlHttpServer crlServer = StartCrlServer();
        X509Certificate2 leaf = _pki.IssueLeaf("CRL Revoked Signer", crlServer.UrlOf("ca.crl"), null);
        _served.Write("ca.crl", _pki.BuildCrl(new BigInteger(2), leaf));

        VerificationResult result = VerifyOnline(SignedScript(leaf));

        Assert.Equal(SignatureStatus.Revoked, result.Status);
        Assert.Contains("KeyCompromise", result.StatusMessage);
    }

    [Fact]
    public void Verify_GivenCrlCoversSigner_ContactsNoServer()
    {
        CrlHttpServer crlServer = StartCrlServer();
        X509Certificate2 leaf = _pki.IssueLeaf("Given CRL Signer", crlServer.UrlOf("ca.crl"), crlServer.UrlOf("ocsp"));
        CertificateRevocationList given = CertificateRevocationList.Decode(_pki.BuildCrl(BigInteger.One));

        VerificationResult result = VerifyOnline(SignedScript(leaf), [given]);

        Assert.True(result.Status == SignatureStatus.Valid, result.StatusMessage);
        Assert.Equal(0, crlServer.RequestCount);
    }

    // --- No answer ---

    [Theory]
    [InlineData(CrlServerMode.Hang, "timed out after 1 s")]
    [InlineData(CrlServerMode.ServerError, "returned HTTP 500")]
    [InlineData(CrlServerMode.Garbage, "malformed")]
    public void Verify_MisbehavingServers_IsRevocationUnknownWithReason(CrlServerMode mode, string expected)
    {
        CrlHttpServer server = StartCrlServer(mode);
        X509Certificate2 leaf = _pki.IssueLeaf("Unlucky Signer", server.UrlOf("ca.crl"), server.UrlOf("ocsp"));

        VerificationResult result = VerifyOnline(SignedScript(leaf), timeout: mode == CrlServerMode.Hang ? TimeSpan.FromSeconds(1) : null);

        Assert.Equal(SignatureStatus.RevocationUnknown, result.Status);
        Assert.Contains(expected, result.StatusMessage);
        Assert.Contains(server.UrlOf("ocsp").ToString(), result.StatusMessage);
        Assert.Contains(server.UrlOf("ca.crl").ToString(), result.StatusMessage);
    }

    [Fact]
    public void Verify_ServersDown_IsRevocationUnknown()
    {
        int port = LoopbackPort.FindFree();
        X509Certificate2 leaf = _pki.IssueLeaf("Lonely Signer", new Uri($"http://127.0.0.1:{port}/ca.crl"), new Uri($"http://127.0.0.1:{port}/ocsp"));

        VerificationResult result = VerifyOnline(SignedScript(leaf));

        Assert.Equal(SignatureStatus.RevocationUnknown, result.Status);
        Assert.Contains("could not be reached", result.StatusMessage);
    }

    [Fact]
    public void Verify_NoRevocationUrls_IsRevocationUnknown()
    {
        X509Certificate2 leaf = _pki.IssueLeaf("Silent Signer", null, null);

        VerificationResult result = VerifyOnline(SignedScript(leaf));

        Assert.Equal(SignatureStatus.RevocationUnknown, result.Status);
        Assert.Contains("names no http OCSP responder", result.StatusMessage);
    }

    // --- Saved CRLs for offline use ---

    [Fact]
    public void Save_ThenOfflineWithServerStopped_FindsRevocation()
    {
        CrlHttpServer crlServer = StartCrlServer();
        X509Certificate2 leaf = _pki.IssueLeaf("Saved CRL Signer", crlServer.UrlOf("ca.crl"), null);
        _served.Write("ca.crl", _pki.BuildCrl(new BigInteger(3), leaf));
        string script = SignedScript(leaf);
        string destination = Path.Combine(_folder.Path, "crls");
        Directory.CreateDirectory(destination);

        using (var http = new RevocationHttp(new RevocationFetchOptions()))
        {
            var saver = new CrlSaver(new CrlDownloader(http));
            foreach ((Uri url, _, X509Certificate2? issuer) in saver.PlanDownloads([leaf, _pki.Root]))
            {
                saver.Save(url, issuer, destination, CancellationToken.None);
            }
        }

        crlServer.Dispose();
        var options = Trusting() with { RevocationMode = RevocationMode.Offline, Crls = CrlFileLoader.Load([destination]) };
        VerificationResult result = new SignatureVerifier(options).Verify(script);

        Assert.Equal(SignatureStatus.Revoked, result.Status);
    }

    [Fact]
    public void Save_OlderCrlNumber_KeepsNewerFile()
    {
        CrlHttpServer crlServer = StartCrlServer();
        X509Certificate2 leaf = _pki.IssueLeaf("Numbered Signer", crlServer.UrlOf("ca.crl"), null);
        string destination = _folder.Path;
        using var http = new RevocationHttp(new RevocationFetchOptions());

        _served.Write("ca.crl", _pki.BuildCrl(new BigInteger(7)));
        SavedCrl newer = new CrlSaver(new CrlDownloader(http)).Save(crlServer.UrlOf("ca.crl"), _pki.Root, destination, CancellationToken.None);
        _served.Write("ca.crl", _pki.BuildCrl(new BigInteger(6)));
        SavedCrl older = new CrlSaver(new CrlDownloader(http)).Save(crlServer.UrlOf("ca.crl"), _pki.Root, destination, CancellationToken.None);

        Assert.True(newer.Written);
        Assert.False(older.Written);
        Assert.Equal(newer.Path, older.Path);
        Assert.Equal(new BigInteger(7), CertificateRevocationList.Decode(File.ReadAllBytes(newer.Path)).CrlNumber);
    }

    [Fact]
    public void Save_CrlOfAnotherCa_IsRejected()
    {
        CrlHttpServer crlServer = StartCrlServer();
        _served.Write("ca.crl", new OnlinePki("Other CA").BuildCrl(BigInteger.One));
        using var http = new RevocationHttp(new RevocationFetchOptions());

        CodeSignException error = Assert.Throws<CodeSignException>(
            () => new CrlSaver(new CrlDownloader(http)).Save(crlServer.UrlOf("ca.crl"), _pki.Root, _folder.Path, CancellationToken.None));

        Assert.Equal(CrlSaver.CrlInvalidErrorId, error.ErrorId);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.crl"));
    }

    private VerificationOptions Trusting() => new()
    {
        TrustStores = [new TrustStore("online test root", new X509Certificate2Collection(_pki.Root))],
    };

    // Only the hanging server needs a short limit; the others get a long one, so a loaded machine
    // cannot turn a reply into a timeout.
    private VerificationResult VerifyOnline(string path, IReadOnlyList<CertificateRevocationList>? given = null, TimeSpan? timeout = null)
    {
        var limits = new RevocationFetchOptions { Timeout = timeout ?? TimeSpan.FromSeconds(15) };
        OnlineRevocationChecker checker = OnlineRevocationChecker.Create(given ?? [], limits, out RevocationHttp http);
        _disposables.Add(http);
        var options = Trusting() with { RevocationMode = RevocationMode.Online, OnlineRevocation = checker, Crls = given ?? [] };
        return new SignatureVerifier(options).Verify(path);
    }

    private string SignedScript(X509Certificate2 signer)
    {
        string path = _folder.Write($"{Guid.NewGuid():N}.ps1", "Write-Output 'hello'\r\n"u8.ToArray());
        using RecordingSigningKey key = new(signer, _pki.Root);
        new FileSigner(key, new SigningOptions()).Sign(path);
        return path;
    }

    private CrlHttpServer StartCrlServer(CrlServerMode mode = CrlServerMode.Files)
    {
        var server = new CrlHttpServer(_served.Path, mode);
        _disposables.Add(server);
        return server;
    }

    private void StartResponder(X509Certificate2[] good, X509Certificate2[] revoked, int port, DateTimeOffset? revokedAt = null)
    {
        string folder = Path.Combine(_folder.Path, $"ocsp-{port}");
        Directory.CreateDirectory(folder);
        _disposables.Add(new OpenSslOcspResponder(_pki, folder, good, revoked, revokedAt ?? DateTimeOffset.UtcNow.AddHours(-1), port));
    }
}
