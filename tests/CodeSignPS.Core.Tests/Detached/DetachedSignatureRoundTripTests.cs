using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Detached;

public sealed class DetachedSignatureRoundTripTests : IDisposable
{
    private readonly DetachedPki _pki = DetachedPki.Create(LeafKey.Rsa2048);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _folder.Dispose();
    }

    public static TheoryData<string, byte[]> Contents => new()
    {
        { "empty.bin", [] },
        { "zeros.bin", new byte[70_000] },
        { "crlf.txt", "line one\r\nline two\r\n"u8.ToArray() },
        { "lf.txt", "line one\nline two\n"u8.ToArray() },
        { "bigger-than-a-buffer.bin", RandomNumberGenerator.GetBytes(StreamedDigest.BufferSize + 17) },
    };

    private VerificationOptions Trusting() => new()
    {
        TrustStores = [new TrustStore("test root", new X509Certificate2Collection(_pki.Root))],
    };

    private SignOutcome Sign(string path, string? signaturePath = null, SigningOptions? options = null, DetachedPki? pki = null)
    {
        DetachedPki signer = pki ?? _pki;
        using RecordingSigningKey key = new(signer.Leaf, signer.Intermediate);
        using DetachedSigner detached = new(key, options ?? new SigningOptions { Verification = Trusting() });
        return detached.Sign(path, signaturePath);
    }

    private VerificationResult Verify(string path, string? signaturePath = null)
        => new SignatureVerifier(Trusting()).Verify(path, signaturePath);

    // ---- content round trips byte for byte ----

    [Theory]
    [MemberData(nameof(Contents))]
    public void Verify_SignedContent_IsValidAndFileUnchanged(string name, byte[] content)
    {
        string path = _folder.Write(name, content);

        SignOutcome outcome = Sign(path);
        VerificationResult result = Verify(path);

        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Equal(SignatureStatus.Valid, outcome.Result.Status);
        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.True(result.IsIntegrityValid);
        Assert.Equal("Detached", result.Format);
        Assert.Equal(path + ".p7s", result.SignaturePath);
        Assert.Single(result.Signatures);
    }

    [Theory]
    [MemberData(nameof(Contents))]
    public void Verify_OneByteChanged_ReturnsHashMismatch(string name, byte[] content)
    {
        string path = _folder.Write(name, content);
        Sign(path);
        byte[] changed = content.Length == 0 ? [0] : (byte[])content.Clone();
        if (content.Length > 0)
        {
            changed[content.Length / 2] ^= 0x01;
        }

        File.WriteAllBytes(path, changed);
        VerificationResult result = Verify(path);

        Assert.Equal(SignatureStatus.HashMismatch, result.Status);
        Assert.False(result.IsIntegrityValid);
    }

    [Fact]
    public void Verify_CrlfConvertedToLf_ReturnsHashMismatch()
    {
        string path = _folder.Write("crlf.txt", "a\r\nb\r\n"u8.ToArray());
        Sign(path);
        File.WriteAllBytes(path, "a\nb\n"u8.ToArray());

        Assert.Equal(SignatureStatus.HashMismatch, Verify(path).Status);
    }

    [Fact]
    public void Verify_SignatureOfAnotherFile_ReturnsHashMismatch()
    {
        string first = _folder.Write("first.bin", [1, 2, 3]);
        string second = _folder.Write("second.bin", [1, 2, 4]);
        Sign(first);

        VerificationResult result = Verify(second, first + ".p7s");

        Assert.Equal(SignatureStatus.HashMismatch, result.Status);
        Assert.Contains("digest", result.StatusMessage, StringComparison.Ordinal);
    }

    // ---- algorithms and keys ----

    [Theory]
    [InlineData(LeafKey.Rsa2048, "SHA256")]
    [InlineData(LeafKey.Rsa2048, "SHA384")]
    [InlineData(LeafKey.Rsa2048, "SHA512")]
    [InlineData(LeafKey.EcdsaP256, "SHA256")]
    [InlineData(LeafKey.EcdsaP256, "SHA384")]
    [InlineData(LeafKey.EcdsaP384, "SHA512")]
    public void Verify_EachKeyAndHash_IsValid(LeafKey leafKey, string hashName)
    {
        using DetachedPki pki = DetachedPki.Create(leafKey);
        string path = _folder.Write("data.bin", "payload"u8.ToArray());
        VerificationOptions trust = new() { TrustStores = [new TrustStore("root", new X509Certificate2Collection(pki.Root))] };
        Sign(path, options: new SigningOptions { HashAlgorithm = new HashAlgorithmName(hashName), Verification = trust }, pki: pki);

        VerificationResult result = new SignatureVerifier(trust).Verify(path);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal(hashName, result.HashAlgorithm);
    }

    [Fact]
    public void Sign_Default_WritesDetachedIdDataWithSignedAttributes()
    {
        string path = _folder.Write("data.bin", "payload"u8.ToArray());
        Sign(path);

        SignedCms cms = new();
        cms.Decode(File.ReadAllBytes(path + ".p7s"));
        SignerInfo signer = cms.SignerInfos[0];
        string[] attributes = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value!).Order().ToArray();

        Assert.Empty(cms.ContentInfo.Content);
        Assert.Equal("1.2.840.113549.1.7.1", cms.ContentInfo.ContentType.Value);
        Assert.Equal(["1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.5", "1.2.840.113549.1.9.52"], attributes);
        Assert.Equal(2, cms.Certificates.Count);
        Assert.Empty(signer.UnsignedAttributes);
    }

    // ---- where the signature lives ----

    [Fact]
    public void Sign_SignaturePath_WritesThereAndVerifiesFromThere()
    {
        string path = _folder.Write("data.bin", "payload"u8.ToArray());
        string signaturePath = Path.Combine(_folder.Path, "elsewhere.sig");

        Sign(path, signaturePath);

        Assert.False(File.Exists(path + ".p7s"));
        Assert.Equal(SignatureStatus.Valid, Verify(path, signaturePath).Status);
        Assert.Equal(SignatureStatus.NotSigned, Verify(path).Status);
    }

    [Fact]
    public void Sign_ExistingSignature_IsReplaced()
    {
        string path = _folder.Write("data.bin", "v1"u8.ToArray());
        Sign(path);
        File.WriteAllBytes(path, "v2"u8.ToArray());
        Assert.Equal(SignatureStatus.HashMismatch, Verify(path).Status);

        Sign(path);

        Assert.Equal(SignatureStatus.Valid, Verify(path).Status);
        Assert.Equal<string>(["data.bin", "data.bin.p7s"], Directory.GetFiles(_folder.Path).Select(f => Path.GetFileName(f)!).Order().ToArray());
    }

    [Fact]
    public void Prepare_SignatureFile_ThrowsSignatureFileNotSignable()
    {
        string path = _folder.Write("data.bin.p7s", [0x30, 0x00]);
        using RecordingSigningKey key = new(_pki.Leaf);
        using DetachedSigner signer = new(key, new SigningOptions());

        CodeSignException ex = Assert.Throws<CodeSignException>(() => signer.Prepare(path));

        Assert.Equal("SignatureFileNotSignable", ex.ErrorId);
        Assert.Equal(0, key.Calls);
    }

    [Fact]
    public void Prepare_SignaturePathIsTheFile_ThrowsSignaturePathIsSignedFile()
    {
        string path = _folder.Write("data.bin", [1]);
        using RecordingSigningKey key = new(_pki.Leaf);
        using DetachedSigner signer = new(key, new SigningOptions());

        CodeSignException ex = Assert.Throws<CodeSignException>(() => signer.Prepare(path, path));

        Assert.Equal("SignaturePathIsSignedFile", ex.ErrorId);
    }

    [Fact]
    public void Sign_KeyFails_WritesNoSignature()
    {
        string path = _folder.Write("data.bin", [1, 2]);
        using RecordingSigningKey key = new(_pki.Leaf) { FailWith = new CryptographicException("token removed") };
        using DetachedSigner signer = new(key, new SigningOptions());

        Assert.Throws<CryptographicException>(() => signer.Sign(path));

        Assert.Equal<string>(["data.bin"], Directory.GetFiles(_folder.Path).Select(f => Path.GetFileName(f)!).ToArray());
    }

    // ---- unsigned and malformed ----

    [Fact]
    public void Verify_NoFormatAndNoSignature_ReturnsNotSignedNamingP7s()
    {
        string path = _folder.Write("notes.txt", "hello"u8.ToArray());

        VerificationResult result = Verify(path);

        Assert.Equal(SignatureStatus.NotSigned, result.Status);
        Assert.Contains(path + ".p7s", result.StatusMessage, StringComparison.Ordinal);
        Assert.Empty(result.Signatures);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x41, 0x42, 0x43 })]
    public void Verify_GarbageSignature_ReturnsMalformed(byte[] garbage)
    {
        string path = _folder.Write("data.bin", [1, 2, 3]);
        File.WriteAllBytes(path + ".p7s", garbage);

        VerificationResult result = Verify(path);

        Assert.Equal(SignatureStatus.Malformed, result.Status);
        Assert.Equal(path + ".p7s", result.SignaturePath);
    }

    [Fact]
    public void Verify_AttachedSignature_ReturnsMalformed()
    {
        byte[] content = [1, 2, 3];
        string path = _folder.Write("data.bin", content);
        SignedCms attached = new(new ContentInfo(content), detached: false);
        attached.ComputeSignature(new CmsSigner(_pki.Leaf));
        File.WriteAllBytes(path + ".p7s", attached.Encode());

        VerificationResult result = Verify(path);

        Assert.Equal(SignatureStatus.Malformed, result.Status);
        Assert.Contains("not a detached signature", result.StatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignedCmsDetachedSignature_IsValid()
    {
        byte[] content = Encoding.UTF8.GetBytes("signed by SignedCms");
        string path = _folder.Write("data.bin", content);
        SignedCms cms = new(new ContentInfo(content), detached: true);
        CmsSigner signer = new(_pki.Leaf) { IncludeOption = X509IncludeOption.EndCertOnly };
        signer.Certificates.Add(_pki.Intermediate);
        cms.ComputeSignature(signer);
        File.WriteAllBytes(path + ".p7s", cms.Encode());

        Assert.Equal(SignatureStatus.Valid, Verify(path).Status);
    }

    [Fact]
    public void Verify_UntrustedRoot_ReturnsNotTrustedWithIntegrity()
    {
        string path = _folder.Write("data.bin", [9]);
        Sign(path);

        VerificationResult result = new SignatureVerifier(new VerificationOptions()).Verify(path);

        Assert.Equal(SignatureStatus.NotTrusted, result.Status);
        Assert.True(result.IsIntegrityValid);
    }
}
