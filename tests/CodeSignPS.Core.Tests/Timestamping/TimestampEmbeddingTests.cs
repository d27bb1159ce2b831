using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.Formats;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Timestamping;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;
using CodeSignPS.TestServers;
using Xunit.Abstractions;

namespace CodeSignPS.Core.Tests.Timestamping;

public sealed class TimestampEmbeddingTests(TimestampAuthorityFixture fixture, ITestOutputHelper output)
    : IClassFixture<TimestampAuthorityFixture>, IDisposable
{
    private static readonly byte[] Script = "Write-Output 'timestamped'\r\n"u8.ToArray();

    private readonly TestPki _pki = TestPki.Create("Timestamped");
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _folder.Dispose();
    }

    // The embedded token

    [Fact]
    public void Sign_WithTimestamp_EmbedsTokenOverSignatureValue()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.OpenSsl);
        string path = _folder.Write("script.ps1", Script);

        SignWithTimestamp(path, server);

        SignerInfo signer = ReadSigner(path);
        byte[] token = ReadToken(signer);
        Assert.True(Rfc3161TimestampToken.TryDecode(token, out Rfc3161TimestampToken? decoded, out _));
        Assert.True(decoded.VerifySignatureForSignerInfo(signer, out _));
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public void Sign_WithTimestamp_OpenSslTsVerifyAcceptsToken()
    {
        if (!ExternalTools.Require(output.WriteLine, "openssl"))
        {
            return;
        }

        TestTimestampServer server = fixture.Start(TimestampServerMode.OpenSsl);
        string path = _folder.Write("script.ps1", Script);
        SignWithTimestamp(path, server);

        SignerInfo signer = ReadSigner(path);
        string tokenPath = _folder.Write("token.der", ReadToken(signer));
        string imprint = Convert.ToHexString(SHA256.HashData(signer.GetSignature()));
        (int exitCode, string text) = ExternalTools.Run(
            "openssl", "ts", "-verify", "-in", tokenPath, "-token_in", "-digest", imprint, "-CAfile", fixture.Pki.RootCertificatePath);

        Assert.True(exitCode == 0, text);
        Assert.Contains("Verification: OK", text);
    }

    [Fact]
    public void Sign_WithTimestamp_OsslsigncodeVerifyAccepts()
    {
        if (!ExternalTools.Require(output.WriteLine, "openssl", "osslsigncode"))
        {
            return;
        }

        TestTimestampServer server = fixture.Start(TimestampServerMode.OpenSsl);
        string path = _folder.Write("script.ps1", Script);
        SignWithTimestamp(path, server);
        string rootPath = _pki.WriteRootPem(Path.Combine(_folder.Path, "root.pem"));

        (int exitCode, string text) = ExternalTools.Run(
            "osslsigncode", "verify", "-ignore-crl", "-in", path, "-CAfile", rootPath, "-TSA-CAfile", fixture.Pki.RootCertificatePath);

        Assert.True(exitCode == 0, text);
        Assert.Contains("Timestamp Server Signature verification: ok", text, StringComparison.OrdinalIgnoreCase);
    }

    // Failure leaves the file alone

    [Theory]
    [InlineData(TimestampServerMode.Unavailable)]
    [InlineData(TimestampServerMode.NoCertificate)]
    [InlineData(TimestampServerMode.Garbage)]
    public void Sign_TimestampFails_FileUnchanged(TimestampServerMode mode)
    {
        TestTimestampServer server = fixture.Start(mode);
        string path = _folder.Write("script.ps1", Script);

        CodeSignException error = Assert.Throws<CodeSignException>(() => SignWithTimestamp(path, server));

        Assert.Equal("TimestampFailed", error.ErrorId);
        Assert.Equal(path, error.Target);
        Assert.Contains($"'{path}' was not signed and is unchanged", error.Message);
        Assert.Contains(server.Url.ToString(), error.Message);
        Assert.Equal(Script, File.ReadAllBytes(path));
    }

    [Fact]
    public void Prepare_WithTimestamp_SendsNoRequest()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.OpenSsl);
        string path = _folder.Write("script.ps1", Script);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);
        using FileSigner signer = new(key, Options(server));

        signer.Prepare(path);

        Assert.Equal(0, server.RequestCount);
        Assert.Equal(Script, File.ReadAllBytes(path));
    }

    [Fact]
    public void SignMany_WithTimestamp_SharesBoundPerServer()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.OpenSsl, delay: TimeSpan.FromMilliseconds(200));
        string[] paths = Enumerable.Range(0, 10).Select(i => _folder.Write($"script{i}.ps1", Script)).ToArray();
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);
        SigningOptions options = Options(server) with { Timestamp = Options(server).Timestamp! with { MaxConcurrentRequestsPerServer = 2 } };
        using FileSigner signer = new(key, options);

        List<BatchItem<SignOutcome>> items = signer.SignMany(paths, maxDegreeOfParallelism: 8).ToList();

        Assert.All(items, item => Assert.Null(item.Error));
        Assert.Equal(10, server.RequestCount);
        Assert.InRange(server.MaxInFlight, 1, 2);
    }

    private SigningOptions Options(TestTimestampServer server) => new()
    {
        Verification = new VerificationOptions { TrustStores = [new TrustStore("test root", new X509Certificate2Collection(_pki.Root))] },
        Timestamp = TimestampAuthorityFixture.FastOptions(server),
    };

    private void SignWithTimestamp(string path, TestTimestampServer server)
    {
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);
        using FileSigner signer = new(key, Options(server));
        signer.Sign(path);
    }

    private static SignerInfo ReadSigner(string path)
    {
        PowerShellScriptFormat format = (PowerShellScriptFormat)ArtifactFormatFactory.GetFormat(path);
        ParsedArtifact parsed = format.Parse(File.ReadAllBytes(path), FormatOptions.Default);
        SignedCms cms = new();
        cms.Decode(parsed.Signature!);
        return cms.SignerInfos[0];
    }

    private static byte[] ReadToken(SignerInfo signer)
    {
        CryptographicAttributeObject attribute = Assert.Single(
            signer.UnsignedAttributes.Cast<CryptographicAttributeObject>(),
            candidate => candidate.Oid.Value == AuthenticodeOids.Rfc3161Countersignature);
        return Assert.Single(attribute.Values.Cast<AsnEncodedData>()).RawData;
    }
}
