using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Verification;

public sealed class SignatureVerifierTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create("Verifier");
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _folder.Dispose();
    }

    private VerificationOptions Trusting(params X509Certificate2[] roots) => new()
    {
        TrustStores = roots.Length == 0 ? [] : [new TrustStore("test roots", new X509Certificate2Collection(roots))],
    };

    private string SignedScript(string name = "script.ps1", X509Certificate2? signer = null, params X509Certificate2[] chain)
    {
        string path = _folder.Write(name, "Write-Output 'hello'\r\n"u8.ToArray());
        using RecordingSigningKey key = new(signer ?? _pki.Leaf, chain.Length == 0 ? [_pki.Intermediate] : chain);
        new FileSigner(key, new SigningOptions()).Sign(path);
        return path;
    }

    // ---- format ----

    [Fact]
    public void Verify_NoEmbeddedFormatAndNoP7s_ReturnsNotSigned()
    {
        string path = _folder.Write("notes.txt", "hello"u8.ToArray());

        VerificationResult result = new SignatureVerifier(Trusting()).Verify(path);

        Assert.Equal(SignatureStatus.NotSigned, result.Status);
        Assert.Null(result.IsIntegrityValid);
    }

    [Fact]
    public void Verify_UnsignedScript_ReturnsNotSigned()
    {
        string path = _folder.Write("plain.ps1", "Write-Output 1\r\n"u8.ToArray());

        VerificationResult result = new SignatureVerifier(Trusting(_pki.Root)).Verify(path);

        Assert.Equal(SignatureStatus.NotSigned, result.Status);
        Assert.Equal("PowerShellScript", result.Format);
    }

    [Fact]
    public void Verify_GarbageBlock_ReturnsMalformed()
    {
        string path = _folder.Write("garbage.ps1", Encoding.ASCII.GetBytes(
            "Write-Output 1\r\n# SIG # Begin signature block\r\n# AAAA\r\n# SIG # End signature block\r\n"));

        VerificationResult result = new SignatureVerifier(Trusting(_pki.Root)).Verify(path);

        Assert.Equal(SignatureStatus.Malformed, result.Status);
        Assert.Contains("garbage.ps1", result.StatusMessage);
    }

    // ---- integrity ----

    [Fact]
    public void Verify_SignedAndTrusted_ReturnsValid()
    {
        string path = SignedScript();

        VerificationResult result = new SignatureVerifier(Trusting(_pki.Root)).Verify(path);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.True(result.IsIntegrityValid);
        Assert.Equal("SHA256", result.HashAlgorithm);
        Assert.Equal(_pki.Leaf.Thumbprint, result.SignerCertificate!.Thumbprint);
        Assert.Equal(3, result.Chain.Count);
        Assert.False(result.IsRevocationChecked);
        Assert.Null(result.Timestamp);
    }

    [Fact]
    public void Verify_OneByteChanged_ReturnsHashMismatch()
    {
        string path = SignedScript();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[3] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        VerificationResult result = new SignatureVerifier(Trusting(_pki.Root)).Verify(path);

        Assert.Equal(SignatureStatus.HashMismatch, result.Status);
        Assert.False(result.IsIntegrityValid);
    }

    [Fact]
    public void Verify_SignatureValueChanged_ReturnsHashMismatch()
    {
        string path = SignedScript();
        byte[] file = File.ReadAllBytes(path);
        ParsedArtifact parsed = ArtifactFormatFactory.TryGetFormat(path)!.Parse(file, FormatOptions.Default);
        byte[] signature = parsed.Signature!;
        signature[^1] ^= 0x01; // the last byte of the RSA signature value
        byte[] tampered = ArtifactFormatFactory.TryGetFormat(path)!.Embed(parsed.Content, signature, FormatOptions.Default);

        VerificationResult result = new SignatureVerifier(Trusting(_pki.Root)).Verify(path, tampered);

        Assert.Equal(SignatureStatus.HashMismatch, result.Status);
        Assert.Contains("signature value", result.StatusMessage);
    }

    [Fact]
    public void Verify_SignedAttributeChanged_ReturnsHashMismatch()
    {
        string path = SignedScript();
        byte[] file = File.ReadAllBytes(path);
        ParsedArtifact parsed = ArtifactFormatFactory.TryGetFormat(path)!.Parse(file, FormatOptions.Default);
        byte[] signature = parsed.Signature!;
        // The SpcStatementType value (individual code signing, ...2.1.21) becomes commercial (...2.1.22).
        int index = IndexOf(signature, [0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x01, 0x15]);
        signature[index + 9] = 0x16;
        byte[] tampered = ArtifactFormatFactory.TryGetFormat(path)!.Embed(parsed.Content, signature, FormatOptions.Default);

        VerificationResult result = new SignatureVerifier(Trusting(_pki.Root)).Verify(path, tampered);

        Assert.Equal(SignatureStatus.HashMismatch, result.Status);
        Assert.False(result.IsIntegrityValid);
    }

    [Fact]
    public void Verify_EcdsaSignature_ReturnsValid()
    {
        using X509Certificate2 ecdsa = TestPki.CreateSelfSignedEcdsa("CN=ECDSA Verifier");
        string path = SignedScript("ecdsa.ps1", ecdsa, ecdsa);

        VerificationResult result = new SignatureVerifier(Trusting(ecdsa)).Verify(path);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Contains(result.Checks, c => c.Name == CheckNames.Algorithms && c.Message.Contains("EC-256", StringComparison.Ordinal));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new Xunit.Sdk.XunitException("The byte pattern is not in the signature.");
    }

    // ---- trust and time ----

    [Fact]
    public void Verify_NoTrustStore_ReturnsNotTrustedWithIntegrity()
    {
        string path = SignedScript();

        VerificationResult result = new SignatureVerifier(Trusting()).Verify(path);

        Assert.Equal(SignatureStatus.NotTrusted, result.Status);
        Assert.True(result.IsIntegrityValid);
        Assert.Contains("Verifier Root CA", result.StatusMessage);
    }

    [Fact]
    public void Verify_AfterSignerExpired_ReturnsExpired()
    {
        string path = SignedScript();
        VerificationOptions options = Trusting(_pki.Root) with { VerificationTime = _pki.Leaf.NotAfter.AddDays(1) };

        VerificationResult result = new SignatureVerifier(options).Verify(path);

        Assert.Equal(SignatureStatus.Expired, result.Status);
        Assert.True(result.IsIntegrityValid);
        Assert.Contains("Verifier Code Signing", result.StatusMessage);
    }

    [Fact]
    public void Verify_RsaKeyUnder2048Bits_ReturnsWeakAlgorithm()
    {
        using TestPki weak = TestPki.Create("Weak", leafRsaBits: 1024);
        string path = _folder.Write("weak.ps1", "Write-Output 'weak'\r\n"u8.ToArray());
        // FileSigner rejects weak keys, so this signature is put together by hand, as older tools made them.
        ArtifactFormat format = ArtifactFormatFactory.TryGetFormat(path)!;
        byte[] content = File.ReadAllBytes(path);
        byte[] digest = format.ComputeDigest(content, HashAlgorithmName.SHA256, FormatOptions.Default);
        using RecordingSigningKey key = new(weak.Leaf, weak.Intermediate);
        byte[] signature = AuthenticodeSignatureBuilder.Build(format.CreateIndirectData(digest, HashAlgorithmName.SHA256), key, HashAlgorithmName.SHA256, ChainInclusion.NotRoot);
        File.WriteAllBytes(path, format.Embed(content, signature, FormatOptions.Default));

        VerificationResult result = new SignatureVerifier(Trusting(weak.Root)).Verify(path);

        Assert.Equal(SignatureStatus.WeakAlgorithm, result.Status);
        Assert.Contains("1024", result.StatusMessage);
    }

    [Fact]
    public void Verify_SelfSignedInStore_ReturnsValidSelfSigned()
    {
        using X509Certificate2 selfSigned = TestPki.CreateSelfSigned("CN=Self Signed Verifier");
        string path = SignedScript("self.ps1", selfSigned, selfSigned);

        VerificationResult result = new SignatureVerifier(Trusting(selfSigned)).Verify(path);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal(ValidationLevel.SelfSigned, result.ValidationLevel);
    }

    [Fact]
    public void Verify_RevocationRequested_ReturnsRevocationUnknown()
    {
        string path = SignedScript();

        VerificationResult result = new SignatureVerifier(Trusting(_pki.Root) with { RevocationMode = RevocationMode.Offline }).Verify(path);

        Assert.Equal(SignatureStatus.RevocationUnknown, result.Status);
    }

    // ---- batches ----

    [Fact]
    public void VerifyMany_MixedFiles_OneResultEach()
    {
        List<string> paths = [SignedScript("a.ps1"), _folder.Write("b.txt", "x"u8.ToArray()), Path.Combine(_folder.Path, "missing.ps1")];

        List<VerificationResult> results = new SignatureVerifier(Trusting(_pki.Root)).VerifyMany(paths, 2).ToList();

        Assert.Equal(3, results.Count);
        Assert.Equal(SignatureStatus.Valid, results.Single(r => r.Path.EndsWith("a.ps1", StringComparison.Ordinal)).Status);
        Assert.Equal(SignatureStatus.NotSigned, results.Single(r => r.Path.EndsWith("b.txt", StringComparison.Ordinal)).Status);
        Assert.Equal(SignatureStatus.Malformed, results.Single(r => r.Path.EndsWith("missing.ps1", StringComparison.Ordinal)).Status);
    }
}
