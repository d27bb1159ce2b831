using System.Security.Cryptography;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.Detached;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Tests.DetachedBreaker;

public sealed class DetachedBreakerTests : IDisposable
{
    private readonly DetachedPki _pki = DetachedPki.Create(LeafKey.Rsa2048);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _folder.Dispose();
    }

    private VerificationOptions Trusting() => new()
    {
        TrustStores = [new TrustStore("test root", new X509Certificate2Collection(_pki.Root))],
    };

    private SignOutcome Sign(string path, string? signaturePath = null)
    {
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);
        using DetachedSigner detached = new(key, new SigningOptions { Verification = Trusting() });
        return detached.Sign(path, signaturePath);
    }

    // ---- the signature path must never land on the signed file ----

    // Expected: a -SignaturePath that reaches the signed file through a linked folder is rejected
    // with SignaturePathIsSignedFile. Found: the check compares path strings, so the signature
    // replaces the file being signed.
    [Fact]
    public void Sign_SignaturePathThroughFolderLink_ThrowsAndLeavesFileUnchanged()
    {
        byte[] content = "precious release bytes"u8.ToArray();
        string path = _folder.Write("release.zip", content);
        string link = Path.Combine(_folder.Path, "same-folder");
        Directory.CreateSymbolicLink(link, _folder.Path);

        CodeSignException ex = Assert.Throws<CodeSignException>(() => Sign(path, Path.Combine(link, "release.zip")));

        Assert.Equal("SignaturePathIsSignedFile", ex.ErrorId);
        Assert.Equal(content, File.ReadAllBytes(path));
    }

    // Expected: the same rejection when the content path goes through the linked folder.
    [Fact]
    public void Sign_ContentThroughFolderLink_ThrowsAndLeavesFileUnchanged()
    {
        byte[] content = "precious release bytes"u8.ToArray();
        string path = _folder.Write("release.zip", content);
        string link = Path.Combine(_folder.Path, "same-folder");
        Directory.CreateSymbolicLink(link, _folder.Path);

        CodeSignException ex = Assert.Throws<CodeSignException>(() => Sign(Path.Combine(link, "release.zip"), path));

        Assert.Equal("SignaturePathIsSignedFile", ex.ErrorId);
        Assert.Equal(content, File.ReadAllBytes(path));
    }

    // ---- a file that changes while it is read ----

    // Expected: a file that grows while its digest is streamed is rejected and no .p7s is written,
    // because the digest covers bytes that never existed together on disk. Found: the .p7s is
    // written, the returned result is Valid, and the next verification reports HashMismatch.
    [Fact]
    public void Sign_FileAppendedWhileSigned_ThrowsAndWritesNoSignature()
    {
        string path = _folder.Write("growing.log", new byte[64 << 20]);
        using CancellationTokenSource stop = new();
        Thread appender = new(() =>
        {
            using FileStream stream = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            byte[] block = new byte[64 << 10];
            while (!stop.IsCancellationRequested)
            {
                stream.Write(block);
                stream.Flush();
                Thread.Sleep(1);
            }
        });
        appender.Start();
        Thread.Sleep(20);

        Exception? thrown = Record.Exception(() => Sign(path));
        stop.Cancel();
        appender.Join();

        Assert.IsType<CodeSignException>(thrown);
        Assert.False(File.Exists(path + ".p7s"));
    }

    // ---- a message digest that cannot be a digest ----

    public static TheoryData<string, int> WrongLengthDigests => new()
    {
        { "empty", 0 },
        { "half a SHA-256 digest", 16 },
        { "one byte too long", 33 },
        { "a SHA-512 length under SHA-256", 64 },
    };

    // Expected: a message-digest attribute that is not as long as the signer's digest is Malformed.
    // Found: HashMismatch ("was changed after signing"), which blames the file instead of the .p7s.
    [Theory]
    [MemberData(nameof(WrongLengthDigests))]
    public void Verify_MessageDigestOfWrongLength_IsMalformed(string name, int length)
    {
        Assert.NotNull(name);
        byte[] content = "payload"u8.ToArray();
        string path = _folder.Write("data.bin", content);
        byte[] digest = SHA256.HashData(content);
        byte[] attribute = length <= digest.Length ? digest[..length] : [.. digest, .. new byte[length - digest.Length]];
        File.WriteAllBytes(path + ".p7s", HandMadeDetachedCms.Build(_pki.Leaf, _pki.Intermediate, attribute));

        VerificationResult result = new SignatureVerifier(Trusting()).Verify(path);

        Assert.Equal(SignatureStatus.Malformed, result.Status);
    }

    // A control for the theory above: the hand-made signature with the right digest is Valid.
    [Fact]
    public void Verify_HandMadeSignatureWithRightDigest_IsValid()
    {
        byte[] content = "payload"u8.ToArray();
        string path = _folder.Write("data.bin", content);
        File.WriteAllBytes(path + ".p7s", HandMadeDetachedCms.Build(_pki.Leaf, _pki.Intermediate, SHA256.HashData(content)));

        Assert.Equal(SignatureStatus.Valid, new SignatureVerifier(Trusting()).Verify(path).Status);
    }
}
