using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Verification;

public sealed class DecodedCertificateCacheTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create("Certificate cache");
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _folder.Dispose();
    }

    // ---- cache ----

    [Fact]
    public void Get_EqualBytesInTwoArrays_ReturnsOneInstance()
    {
        var cache = new DecodedCertificateCache();

        X509Certificate2 first = cache.Get(_pki.Leaf.RawData.ToArray());
        X509Certificate2 second = cache.Get(_pki.Leaf.RawData.ToArray());

        Assert.Same(first, second);
        Assert.Equal(_pki.Leaf.Thumbprint, first.Thumbprint);
    }

    [Fact]
    public void Get_TwoCertificates_ReturnsEachItsOwn()
    {
        var cache = new DecodedCertificateCache();

        X509Certificate2 leaf = cache.Get(_pki.Leaf.RawData);
        X509Certificate2 intermediate = cache.Get(_pki.Intermediate.RawData);

        Assert.NotSame(leaf, intermediate);
        Assert.Equal(_pki.Leaf.Thumbprint, leaf.Thumbprint);
        Assert.Equal(_pki.Intermediate.Thumbprint, intermediate.Thumbprint);
    }

    [Fact]
    public void Get_OneByteChanged_DecodesSeparately()
    {
        var cache = new DecodedCertificateCache();
        byte[] changed = _pki.Leaf.RawData.ToArray();
        changed[^1] ^= 0x01;

        X509Certificate2 original = cache.Get(_pki.Leaf.RawData);
        X509Certificate2 altered = cache.Get(changed);

        Assert.NotSame(original, altered);
        Assert.Equal(changed, altered.RawData);
    }

    [Fact]
    public void Get_NotACertificate_Throws()
    {
        var cache = new DecodedCertificateCache();

        Assert.ThrowsAny<CryptographicException>(() => cache.Get(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }));
    }

    // ---- decoding a signature ----

    [Fact]
    public void Decode_SignatureWithChain_ReturnsCertificatesOfSignedCms()
    {
        byte[] signature = SignatureOfSignedScript();
        var cms = new SignedCms();
        cms.Decode(signature);

        DecodedSignature decoded = DecodedSignature.Decode(signature, new DecodedCertificateCache());

        Assert.Equal(
            cms.Certificates.Cast<X509Certificate2>().Select(certificate => certificate.Thumbprint),
            decoded.Certificates.Cast<X509Certificate2>().Select(certificate => certificate.Thumbprint));
        Assert.Equal(2, decoded.Certificates.Count);
        Assert.Equal(_pki.Leaf.Thumbprint, decoded.SignerCertificate.Thumbprint);
    }

    [Fact]
    public void Decode_TwoFilesOneCache_ShareTheSignerInstance()
    {
        var cache = new DecodedCertificateCache();

        DecodedSignature first = DecodedSignature.Decode(SignatureOfSignedScript("first.ps1"), cache);
        DecodedSignature second = DecodedSignature.Decode(SignatureOfSignedScript("second.ps1"), cache);

        Assert.Same(first.SignerCertificate, second.SignerCertificate);
    }

    private byte[] SignatureOfSignedScript(string name = "script.ps1")
    {
        string path = _folder.Write(name, "Write-Output 'cached'\r\n"u8.ToArray());
        using (RecordingSigningKey key = new(_pki.Leaf, [_pki.Intermediate]))
        {
            new FileSigner(key, new SigningOptions()).Sign(path);
        }

        ArtifactFormat format = ArtifactFormatFactory.TryGetFormat(path)!;
        return format.Parse(File.ReadAllBytes(path), new FormatOptions()).Signature!;
    }
}
