using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.Detached;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Policy.Resolver;

/// <summary>The detached signature a policy must carry with -RequireSignedPolicy.</summary>
public sealed class PolicySignatureCheckTests : IDisposable
{
    private static readonly byte[] PolicyText = "version: 1\nenvironments:\n  prod: {}\n"u8.ToArray();

    private readonly DetachedPki _pki = DetachedPki.Create(LeafKey.EcdsaP256);
    private readonly DetachedPki _other = DetachedPki.Create(LeafKey.Rsa2048);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _other.Dispose();
        _folder.Dispose();
    }

    private TrustStore[] Stores(DetachedPki pki) => [new TrustStore("policy signers", new X509Certificate2Collection(pki.Root))];

    private string SignedPolicy()
    {
        string path = _folder.Write("policy.yaml", PolicyText);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);
        using DetachedSigner signer = new(key, new SigningOptions { Verification = new VerificationOptions { TrustStores = Stores(_pki) } });
        signer.Sign(path, null);
        return path;
    }

    [Fact]
    public void Verify_SignedByTrustedSigner_ReturnsValid()
    {
        string path = SignedPolicy();

        VerificationResult result = PolicySignatureCheck.Verify(path, File.ReadAllBytes(path), Stores(_pki));

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal(path + ".p7s", PolicySignatureCheck.SignaturePathFor(path));
    }

    [Fact]
    public void Verify_NoSignatureFile_ThrowsSignatureMissing()
    {
        string path = _folder.Write("policy.yaml", PolicyText);

        CodeSignException error = Assert.Throws<CodeSignException>(() => PolicySignatureCheck.Verify(path, PolicyText, Stores(_pki)));

        Assert.Equal("PolicySignatureMissing", error.ErrorId);
        Assert.Equal(FailureCategory.SecurityError, error.Category);
        Assert.Contains(path + ".p7s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BytesChangedAfterSigning_ThrowsSignatureInvalid()
    {
        string path = SignedPolicy();
        byte[] changed = [.. PolicyText, .. "  qa: {}\n"u8.ToArray()];

        CodeSignException error = Assert.Throws<CodeSignException>(() => PolicySignatureCheck.Verify(path, changed, Stores(_pki)));

        Assert.Equal("PolicySignatureInvalid", error.ErrorId);
        Assert.Contains("HashMismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignatureFileMalformed_ThrowsSignatureInvalid()
    {
        string path = _folder.Write("policy.yaml", PolicyText);
        _folder.Write("policy.yaml.p7s", [0x30, 0x03, 0x02, 0x01]);

        CodeSignException error = Assert.Throws<CodeSignException>(() => PolicySignatureCheck.Verify(path, PolicyText, Stores(_pki)));

        Assert.Equal("PolicySignatureInvalid", error.ErrorId);
        Assert.Contains("Malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignerFromOtherRoot_ThrowsNotTrusted()
    {
        string path = SignedPolicy();

        CodeSignException error = Assert.Throws<CodeSignException>(() => PolicySignatureCheck.Verify(path, PolicyText, Stores(_other)));

        Assert.Equal("PolicyNotTrusted", error.ErrorId);
        Assert.Contains("-PolicyTrustStore", error.Message, StringComparison.Ordinal);
    }
}
