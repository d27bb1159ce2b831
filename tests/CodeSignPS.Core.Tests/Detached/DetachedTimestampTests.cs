using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.Formats;
using CodeSignPS.Core.Tests.Timestamping;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.TestServers;
using Xunit.Abstractions;

namespace CodeSignPS.Core.Tests.Detached;

public sealed class DetachedTimestampTests(TimestampAuthorityFixture fixture, ITestOutputHelper output)
    : IClassFixture<TimestampAuthorityFixture>, IDisposable
{
    private const string TimestampTokenOid = "1.2.840.113549.1.9.16.2.14";

    private readonly DetachedPki _pki = DetachedPki.Create(LeafKey.Rsa2048);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Sign_WithTimestamp_AddsTokenOverSignatureValue()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.OpenSsl);
        string path = _folder.Write("data.bin", RandomNumberGenerator.GetBytes(5000));

        Sign(path, server);

        SignerInfo signer = ReadSigner(path + ".p7s");
        CryptographicAttributeObject attribute = Assert.Single(signer.UnsignedAttributes.Cast<CryptographicAttributeObject>());
        Assert.Equal(TimestampTokenOid, attribute.Oid.Value);
        Assert.True(Rfc3161TimestampToken.TryDecode(attribute.Values[0].RawData, out Rfc3161TimestampToken? token, out _));
        Assert.True(token.VerifySignatureForSignerInfo(signer, out _));
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public void OpenSslVerify_TimestampedSignature_Succeeds()
    {
        if (!ExternalTools.Require(output.WriteLine, "openssl"))
        {
            return;
        }

        TestTimestampServer server = fixture.Start(TimestampServerMode.OpenSsl);
        (string rootPem, _, _) = _pki.WritePem(_folder.Path);
        string path = _folder.Write("data.bin", [1, 2, 3]);
        Sign(path, server);

        (int exitCode, string text) = ExternalTools.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-purpose", "any",
            "-in", path + ".p7s", "-content", path, "-CAfile", rootPem, "-out", Path.Combine(_folder.Path, "out.bin"));

        Assert.True(exitCode == 0, text);
    }

    [Fact]
    public void Sign_TimestampServerFails_WritesNoSignature()
    {
        TestTimestampServer server = fixture.Start(TimestampServerMode.Unavailable);
        string path = _folder.Write("data.bin", [4, 5, 6]);

        CodeSignException ex = Assert.Throws<CodeSignException>(() => Sign(path, server));

        Assert.Equal("TimestampFailed", ex.ErrorId);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path + ".p7s"));
    }

    private void Sign(string path, TestTimestampServer server)
    {
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);
        using DetachedSigner signer = new(key, new SigningOptions { Timestamp = TimestampAuthorityFixture.FastOptions(server) });
        signer.Sign(path);
    }

    private static SignerInfo ReadSigner(string signaturePath)
    {
        SignedCms cms = new();
        cms.Decode(File.ReadAllBytes(signaturePath));
        return cms.SignerInfos[0];
    }
}
