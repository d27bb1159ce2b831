using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.Formats;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;
using Xunit.Abstractions;

namespace CodeSignPS.Core.Tests.Detached;

/// <summary>
/// Detached signatures against openssl cms, both ways. openssl gets only the root as its trust
/// anchor, and -purpose any because it has no code signing purpose.
/// </summary>
public sealed class DetachedOpenSslInteropTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<LeafKey, string, ChainInclusion> SigningCases => new()
    {
        { LeafKey.Rsa2048, "SHA256", ChainInclusion.NotRoot },
        { LeafKey.Rsa2048, "SHA384", ChainInclusion.NotRoot },
        { LeafKey.Rsa2048, "SHA512", ChainInclusion.All },
        { LeafKey.EcdsaP256, "SHA256", ChainInclusion.NotRoot },
        { LeafKey.EcdsaP256, "SHA384", ChainInclusion.All },
        { LeafKey.EcdsaP384, "SHA512", ChainInclusion.NotRoot },
    };

    public static TheoryData<string, byte[]> Contents => new()
    {
        { "empty.bin", [] },
        { "zeros.bin", new byte[4096] },
        { "crlf.txt", "one\r\ntwo\r\n"u8.ToArray() },
    };

    // ---- openssl verifies what we write ----

    [Theory]
    [MemberData(nameof(SigningCases))]
    public void OpenSslVerify_OurSignature_Succeeds(LeafKey leafKey, string hashName, ChainInclusion chain)
    {
        if (!ExternalTools.Require(output.WriteLine, "openssl"))
        {
            return;
        }

        using DetachedPki pki = DetachedPki.Create(leafKey);
        (string rootPem, _, _) = pki.WritePem(_folder.Path);
        string path = _folder.Write("payload.bin", RandomNumberGenerator.GetBytes(100_000));
        SignWithUs(pki, path, new SigningOptions { HashAlgorithm = new HashAlgorithmName(hashName), IncludeChain = chain });

        (int exitCode, string text) = OpenSslVerify(path, rootPem);

        Assert.True(exitCode == 0, text);
        Assert.Contains("Verification successful", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Contents))]
    public void OpenSslVerify_OurSignatureOfEdgeContent_Succeeds(string name, byte[] content)
    {
        if (!ExternalTools.Require(output.WriteLine, "openssl"))
        {
            return;
        }

        using DetachedPki pki = DetachedPki.Create(LeafKey.Rsa2048);
        (string rootPem, _, _) = pki.WritePem(_folder.Path);
        string path = _folder.Write(name, content);
        SignWithUs(pki, path, new SigningOptions());

        (int exitCode, string text) = OpenSslVerify(path, rootPem);

        Assert.True(exitCode == 0, text);
    }

    [Fact]
    public void OpenSslVerify_OurSignatureOfChangedFile_Fails()
    {
        if (!ExternalTools.Require(output.WriteLine, "openssl"))
        {
            return;
        }

        using DetachedPki pki = DetachedPki.Create(LeafKey.Rsa2048);
        (string rootPem, _, _) = pki.WritePem(_folder.Path);
        string path = _folder.Write("payload.bin", [1, 2, 3]);
        SignWithUs(pki, path, new SigningOptions());
        File.WriteAllBytes(path, [1, 2, 4]);

        (int exitCode, _) = OpenSslVerify(path, rootPem);

        Assert.NotEqual(0, exitCode);
    }

    // ---- we verify what openssl writes ----

    [Theory]
    [InlineData(LeafKey.Rsa2048, "sha256", false)]
    [InlineData(LeafKey.Rsa2048, "sha384", false)]
    [InlineData(LeafKey.Rsa2048, "sha256", true)]
    [InlineData(LeafKey.Rsa2048, "sha384", true)]
    [InlineData(LeafKey.EcdsaP256, "sha256", false)]
    [InlineData(LeafKey.EcdsaP256, "sha384", true)]
    public void Verify_OpenSslSignature_IsValid(LeafKey leafKey, string digest, bool noAttributes)
    {
        if (!ExternalTools.Require(output.WriteLine, "openssl"))
        {
            return;
        }

        using DetachedPki pki = DetachedPki.Create(leafKey);
        string path = _folder.Write("payload.bin", RandomNumberGenerator.GetBytes(10_000));
        SignWithOpenSsl(pki, path, digest, noAttributes);

        VerificationResult result = new SignatureVerifier(Trusting(pki)).Verify(path);

        Assert.True(result.Status == SignatureStatus.Valid, result.StatusMessage);
        Assert.Equal(digest.ToUpperInvariant(), result.HashAlgorithm);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_OpenSslSignatureOfChangedFile_ReturnsHashMismatch(bool noAttributes)
    {
        if (!ExternalTools.Require(output.WriteLine, "openssl"))
        {
            return;
        }

        using DetachedPki pki = DetachedPki.Create(LeafKey.Rsa2048);
        string path = _folder.Write("payload.bin", [5, 6, 7]);
        SignWithOpenSsl(pki, path, "sha256", noAttributes);
        File.WriteAllBytes(path, [5, 6, 8]);

        VerificationResult result = new SignatureVerifier(Trusting(pki)).Verify(path);

        Assert.Equal(SignatureStatus.HashMismatch, result.Status);
    }

    [Fact]
    public void Verify_OpenSslSignatureOfEmptyFile_IsValid()
    {
        if (!ExternalTools.Require(output.WriteLine, "openssl"))
        {
            return;
        }

        using DetachedPki pki = DetachedPki.Create(LeafKey.Rsa2048);
        string path = _folder.Write("empty.bin", []);
        SignWithOpenSsl(pki, path, "sha256", noAttributes: false);

        Assert.Equal(SignatureStatus.Valid, new SignatureVerifier(Trusting(pki)).Verify(path).Status);
    }

    private static VerificationOptions Trusting(DetachedPki pki) => new()
    {
        TrustStores = [new TrustStore("root", new X509Certificate2Collection(pki.Root))],
    };

    private static void SignWithUs(DetachedPki pki, string path, SigningOptions options)
    {
        using RecordingSigningKey key = new(pki.Leaf, pki.Intermediate, pki.Root);
        using DetachedSigner signer = new(key, options);
        signer.Sign(path);
    }

    private (int ExitCode, string Output) OpenSslVerify(string path, string rootPem)
    {
        (int exitCode, string text) = ExternalTools.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-purpose", "any",
            "-in", path + ".p7s", "-content", path, "-CAfile", rootPem, "-out", Path.Combine(_folder.Path, "verified.out"));
        output.WriteLine(text);
        return (exitCode, text);
    }

    private void SignWithOpenSsl(DetachedPki pki, string path, string digest, bool noAttributes)
    {
        (_, string leafPem, string keyPem) = pki.WritePem(_folder.Path);
        string intermediatePem = Path.Combine(_folder.Path, "intermediate.pem");
        File.WriteAllText(intermediatePem, pki.Intermediate.ExportCertificatePem());
        List<string> arguments = ["cms", "-sign", "-binary", "-outform", "DER", "-md", digest, "-signer", leafPem, "-inkey", keyPem,
            "-certfile", intermediatePem, "-in", path, "-out", path + ".p7s"];
        if (noAttributes)
        {
            arguments.Add("-noattr");
        }

        (int exitCode, string text) = ExternalTools.Run("openssl", arguments.ToArray());
        Assert.True(exitCode == 0, text);
    }
}
