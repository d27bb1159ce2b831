using System.Diagnostics;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.Detached;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Tests.DetachedEdgeCases;

public sealed class DetachedSigningEdgeCaseTests : IDisposable
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

    // A -SignaturePath that reaches the signed file through a linked folder is a different string
    // for the same file, so only the file identity can tell.
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

    // The same file when the content path goes through the linked folder.
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

    // A hard link is another name for the same inode, in the same folder or another one.
    [Fact]
    public void Sign_SignaturePathIsHardLinkToFile_ThrowsAndLeavesFileUnchanged()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // No ln; the Windows file index is compared the same way.
        }

        byte[] content = "precious release bytes"u8.ToArray();
        string path = _folder.Write("release.zip", content);
        string hardLink = Path.Combine(_folder.Path, "release.zip.p7s");
        using (Process ln = Process.Start("ln", [path, hardLink]))
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }

        CodeSignException ex = Assert.Throws<CodeSignException>(() => Sign(path));

        Assert.Equal("SignaturePathIsSignedFile", ex.ErrorId);
        Assert.Equal(content, File.ReadAllBytes(path));
    }

    // A symbolic link at the signature path that points at the signed file.
    [Fact]
    public void Sign_SignaturePathIsLinkToFile_Throws()
    {
        byte[] content = "precious release bytes"u8.ToArray();
        string path = _folder.Write("release.zip", content);
        string link = Path.Combine(_folder.Path, "release.zip.p7s");
        File.CreateSymbolicLink(link, path);

        CodeSignException ex = Assert.Throws<CodeSignException>(() => Sign(path));

        Assert.Equal("SignaturePathIsSignedFile", ex.ErrorId);
        Assert.Equal(content, File.ReadAllBytes(path));
    }

    // A signature path through a linked folder that names another file is fine.
    [Fact]
    public void Sign_SignaturePathThroughFolderLinkToOtherFile_Writes()
    {
        string path = _folder.Write("release.zip", "release"u8.ToArray());
        string link = Path.Combine(_folder.Path, "same-folder");
        Directory.CreateSymbolicLink(link, _folder.Path);

        SignOutcome outcome = Sign(path, Path.Combine(link, "release.sig"));

        Assert.Equal(SignatureStatus.Valid, outcome.Result.Status);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "release.sig")));
    }

    // ---- where the signature goes ----

    [Fact]
    public void Sign_SignatureFolderMissing_ThrowsNamingFolder()
    {
        string path = _folder.Write("release.zip", "release"u8.ToArray());
        string missing = Path.Combine(_folder.Path, "missing");

        CodeSignException ex = Assert.Throws<CodeSignException>(() => Sign(path, Path.Combine(missing, "release.zip.p7s")));

        Assert.Equal("SignatureFolderNotFound", ex.ErrorId);
        Assert.Contains($"'{missing}'", ex.Message, StringComparison.Ordinal);
    }

    // ---- a file that changes while it is read ----

    // A file that grows while its digest is streamed is rejected and no .p7s is written, because the
    // digest covers bytes that never existed together on disk and would fail the next verification.
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

        CodeSignException ex = Assert.IsType<CodeSignException>(thrown);
        Assert.Equal("FileChangedWhileSigning", ex.ErrorId);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("no longer being written", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path + ".p7s"));
    }
}
