using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Signing;

public sealed class FileSignerTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create("Signer");
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _folder.Dispose();
    }

    private SigningOptions Options(bool skipIfSigned = false, bool force = false, bool convert = false) => new()
    {
        SkipIfSigned = skipIfSigned,
        Force = force,
        ConvertToUtf8Bom = convert,
        Verification = new VerificationOptions { TrustStores = [new TrustStore("test root", new X509Certificate2Collection(_pki.Root))] },
    };

    private FileSigner Signer(RecordingSigningKey key, SigningOptions? options = null) => new(key, options ?? Options());

    public static TheoryData<string, byte[]> ContentVariants() => new()
    {
        { "ascii-crlf.ps1", "Write-Output 'a'\r\nWrite-Output 'b'\r\n"u8.ToArray() },
        { "ascii-lf.ps1", "Write-Output 'a'\nWrite-Output 'b'\n"u8.ToArray() },
        { "mixed.ps1", "a\r\nb\nc\rd\r\n"u8.ToArray() },
        { "no-final-newline.ps1", "Write-Output 'end'"u8.ToArray() },
        { "empty.ps1", Array.Empty<byte>() },
        { "bom-only.ps1", new byte[] { 0xEF, 0xBB, 0xBF } },
        { "utf8-bom.psm1", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("'Grüße' | Out-Null\r\n")] },
        { "utf8-nobom.psd1", Encoding.UTF8.GetBytes("@{ Author = 'Grüße' }\n") },
        { "utf16le.ps1", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("'Grüße'\r\n")] },
        { "utf16be.ps1", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("'Grüße'\r\n")] },
        { "types.ps1xml", "<?xml version=\"1.0\"?>\r\n<Types />\r\n"u8.ToArray() },
        { "class.mof", "class A {};\r\n"u8.ToArray() },
    };

    // ---- content bytes never change ----

    [Theory]
    [MemberData(nameof(ContentVariants))]
    public void Sign_ContentVariant_KeepsContentBytesAndVerifies(string name, byte[] content)
    {
        string path = _folder.Write(name, content);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        SignOutcome outcome = Signer(key).Sign(path);

        byte[] signed = File.ReadAllBytes(path);
        Assert.True(signed.Length > content.Length);
        Assert.Equal(content, signed[..content.Length]);
        Assert.Equal(SignatureStatus.Valid, outcome.Result.Status);
        Assert.Equal(content, ArtifactFormatFactory.TryGetFormat(path)!.Parse(signed, FormatOptions.Default).Content.ToArray());
    }

    [Fact]
    public void Sign_Twice_LeavesExactlyOneBlock()
    {
        byte[] content = "Write-Output 1\r\n"u8.ToArray();
        string path = _folder.Write("twice.ps1", content);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        Signer(key).Sign(path);
        byte[] first = File.ReadAllBytes(path);
        Signer(key).Sign(path);
        string text = File.ReadAllText(path);

        Assert.Equal(1, CountOccurrences(text, "# SIG # Begin signature block"));
        Assert.Equal(first.Length, File.ReadAllBytes(path).Length);
        Assert.Equal(content, File.ReadAllBytes(path)[..content.Length]);
    }

    [Fact]
    public void Sign_MarkerInHereString_IsNotTakenForTheBlock()
    {
        byte[] content = "$s = @'\r\n# SIG # Begin signature block\r\n'@\r\nWrite-Output $s\r\n"u8.ToArray();
        string path = _folder.Write("marker.ps1", content);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        SignOutcome outcome = Signer(key).Sign(path);

        Assert.Equal(SignatureStatus.Valid, outcome.Result.Status);
        Assert.Equal(content, File.ReadAllBytes(path)[..content.Length]);
    }

    // ---- nothing is touched unless signing succeeds ----

    [Fact]
    public void Prepare_WhatIfPath_MakesNoKeyCallAndLeavesFile()
    {
        byte[] content = "Write-Output 1\r\n"u8.ToArray();
        string path = _folder.Write("whatif.ps1", content);
        using RecordingSigningKey key = new(_pki.Leaf);

        string target = Signer(key).Prepare(path);

        Assert.Equal(Path.GetFullPath(path), target);
        Assert.Equal(0, key.Calls);
        Assert.Equal(content, File.ReadAllBytes(path));
    }

    [Fact]
    public void Sign_KeyFails_LeavesFileByteForByte()
    {
        byte[] content = "Write-Output 1\r\n"u8.ToArray();
        string path = _folder.Write("fails.ps1", content);
        using RecordingSigningKey key = new(_pki.Leaf) { FailWith = new CryptographicException("token removed") };

        Assert.Throws<CryptographicException>(() => Signer(key).Sign(path));

        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Constructor_Sha1_ThrowsHashAlgorithmNotAllowed()
    {
        using RecordingSigningKey key = new(_pki.Leaf);

        CodeSignException ex = Assert.Throws<CodeSignException>(() => new FileSigner(key, new SigningOptions { HashAlgorithm = HashAlgorithmName.SHA1 }));

        Assert.Equal("HashAlgorithmNotAllowed", ex.ErrorId);
    }

    [Fact]
    public void Constructor_ExpiredCertificate_ThrowsCertificateNotTimeValid()
    {
        using TestPki expired = TestPki.Create("Expired", leafNotBefore: DateTimeOffset.UtcNow.AddMonths(-6), leafNotAfter: DateTimeOffset.UtcNow.AddDays(-1));
        using RecordingSigningKey key = new(expired.Leaf);

        CodeSignException ex = Assert.Throws<CodeSignException>(() => new FileSigner(key, new SigningOptions()));

        Assert.Equal("CertificateNotTimeValid", ex.ErrorId);
        Assert.Equal(0, key.Calls);
    }

    [Fact]
    public void Constructor_Rsa1024Key_ThrowsKeyTooWeak()
    {
        using TestPki weak = TestPki.Create("Weak", leafRsaBits: 1024);
        using RecordingSigningKey key = new(weak.Leaf);

        CodeSignException ex = Assert.Throws<CodeSignException>(() => new FileSigner(key, new SigningOptions()));

        Assert.Equal("KeyTooWeak", ex.ErrorId);
    }

    [Fact]
    public void Sign_SkipIfSignedWithOtherDigest_Resigns()
    {
        string path = _folder.Write("digest.ps1", "Write-Output 1\r\n"u8.ToArray());
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);
        Signer(key).Sign(path);

        SignOutcome outcome = new FileSigner(key, Options(skipIfSigned: true) with { HashAlgorithm = HashAlgorithmName.SHA512 }).Sign(path);

        Assert.False(outcome.Skipped);
        Assert.Equal("SHA512", outcome.Result.HashAlgorithm);
    }

    [Fact]
    public void Sign_PrivateFile_TemporaryFileIsNeverWiderThanOriginal()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = _folder.Write("private.ps1", "Write-Output 1\r\n"u8.ToArray());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        Signer(key).Sign(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Sign_UnsupportedExtension_ThrowsUnsupportedFormat()
    {
        string path = _folder.Write("notes.txt", "hello"u8.ToArray());
        using RecordingSigningKey key = new(_pki.Leaf);

        CodeSignException ex = Assert.Throws<CodeSignException>(() => Signer(key).Sign(path));

        Assert.Equal("UnsupportedFormat", ex.ErrorId);
        Assert.Equal(0, key.Calls);
    }

    // ---- links and modes ----

    [Fact]
    public void Sign_HardLinkedFile_RefusedWithoutForce()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        byte[] content = "Write-Output 1\r\n"u8.ToArray();
        string path = _folder.Write("linked.ps1", content);
        Link("ln", path, Path.Combine(_folder.Path, "other.ps1"));
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        CodeSignException ex = Assert.Throws<CodeSignException>(() => Signer(key).Sign(path));
        Assert.Equal("FileHasHardLinks", ex.ErrorId);
        Assert.Equal(content, File.ReadAllBytes(path));

        Signer(key, Options(force: true)).Sign(path);
        Assert.NotEqual(content, File.ReadAllBytes(path));
    }

    [Fact]
    public void Sign_SymbolicLink_SignsTargetAndKeepsLink()
    {
        byte[] content = "Write-Output 1\r\n"u8.ToArray();
        string target = _folder.Write("target.ps1", content);
        string link = Path.Combine(_folder.Path, "link.ps1");
        File.CreateSymbolicLink(link, target);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        Signer(key).Sign(link);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.True(File.ReadAllBytes(target).Length > content.Length);
    }

    // ---- skip, warnings and conversion ----

    [Fact]
    public void Sign_SkipIfSignedBySameCertificate_MakesNoKeyCall()
    {
        string path = _folder.Write("skip.ps1", "Write-Output 1\r\n"u8.ToArray());
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);
        Signer(key).Sign(path);
        byte[] signed = File.ReadAllBytes(path);

        SignOutcome outcome = Signer(key, Options(skipIfSigned: true)).Sign(path);

        Assert.True(outcome.Skipped);
        Assert.Equal(1, key.Calls);
        Assert.Equal(signed, File.ReadAllBytes(path));
    }

    [Fact]
    public void Sign_SkipIfSignedByOtherCertificate_Resigns()
    {
        string path = _folder.Write("other.ps1", "Write-Output 1\r\n"u8.ToArray());
        using X509Certificate2 other = TestPki.CreateSelfSigned();
        using RecordingSigningKey otherKey = new(other);
        Signer(otherKey).Sign(path);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        SignOutcome outcome = Signer(key, Options(skipIfSigned: true)).Sign(path);

        Assert.False(outcome.Skipped);
        Assert.Equal(_pki.Leaf.Thumbprint, outcome.Result.SignerCertificate!.Thumbprint);
    }

    [Fact]
    public void Sign_BomlessNonAscii_WarnsAndKeepsBytes()
    {
        byte[] content = Encoding.UTF8.GetBytes("'Grüße'\n");
        string path = _folder.Write("umlaut.ps1", content);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        SignOutcome outcome = Signer(key).Sign(path);

        Assert.Single(outcome.Warnings);
        Assert.Contains("byte order mark", outcome.Warnings[0]);
        Assert.Equal(content, File.ReadAllBytes(path)[..content.Length]);
    }

    [Fact]
    public void Sign_ConvertToUtf8Bom_AddsBomAndKeepsCharacters()
    {
        string path = _folder.Write("convert.ps1", Encoding.UTF8.GetBytes("'Grüße'\n"));
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        SignOutcome outcome = Signer(key, Options(convert: true)).Sign(path);

        byte[] expected = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("'Grüße'\n")];
        Assert.Empty(outcome.Warnings);
        Assert.Equal(expected, File.ReadAllBytes(path)[..expected.Length]);
        Assert.Equal(SignatureStatus.Valid, outcome.Result.Status);
    }

    // ---- damaged existing blocks ----

    [Fact]
    public void Sign_DamagedBase64InIntactBlock_ReplacesBlockWithWarning()
    {
        byte[] content = "Write-Output 1\r\n"u8.ToArray();
        byte[] damaged = [.. content, .. "\r\n# SIG # Begin signature block\r\n# AAA\r\n# SIG # End signature block\r\n"u8.ToArray()];
        string path = _folder.Write("damaged.ps1", damaged);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        SignOutcome outcome = Signer(key).Sign(path);

        Assert.Equal(SignatureStatus.Valid, outcome.Result.Status);
        Assert.Contains(outcome.Warnings, w => w.Contains("damaged signature block", StringComparison.Ordinal));
        Assert.Equal(content, File.ReadAllBytes(path)[..content.Length]);
        Assert.Equal(1, CountOccurrences(File.ReadAllText(path), "# SIG # Begin signature block"));
    }

    [Fact]
    public void Sign_BlockWithForeignLine_ThrowsAndLeavesFile()
    {
        byte[] damaged = "Write-Output 1\r\n\r\n# SIG # Begin signature block\r\n# AAAA\r\nWrite-Output 2\r\n# SIG # End signature block\r\n"u8.ToArray();
        string path = _folder.Write("foreign.ps1", damaged);
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        CodeSignException ex = Assert.Throws<CodeSignException>(() => Signer(key).Sign(path));

        Assert.Equal("ExistingSignatureMalformed", ex.ErrorId);
        Assert.Equal(damaged, File.ReadAllBytes(path));
        Assert.Equal(0, key.Calls);
    }

    [Fact]
    public void Remove_DamagedBase64InIntactBlock_RestoresContent()
    {
        byte[] content = "Write-Output 1\r\n"u8.ToArray();
        string path = _folder.Write("remove-damaged.ps1", [.. content, .. "\r\n# SIG # Begin signature block\r\n# AAA\r\n# SIG # End signature block\r\n"u8.ToArray()]);

        Assert.True(SignatureRemover.Remove(path, FormatOptions.Default));

        Assert.Equal(content, File.ReadAllBytes(path));
    }

    // ---- batches ----

    [Fact]
    public void SignMany_OneBadFile_SignsTheOthers()
    {
        List<string> paths = Enumerable.Range(0, 8).Select(i => _folder.Write($"s{i}.ps1", Encoding.ASCII.GetBytes($"Write-Output {i}\r\n"))).ToList();
        paths.Insert(3, Path.Combine(_folder.Path, "missing.ps1"));
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate);

        List<BatchItem<SignOutcome>> items = Signer(key).SignMany(paths, 2).ToList();

        Assert.Equal(9, items.Count);
        BatchItem<SignOutcome> failed = Assert.Single(items, i => i.Error is not null);
        Assert.Equal("FileNotFound", Assert.IsType<CodeSignException>(failed.Error).ErrorId);
        Assert.All(items.Where(i => i.Error is null), i => Assert.Equal(SignatureStatus.Valid, i.Outcome!.Result.Status));
    }

    // ---- removal ----

    [Theory]
    [MemberData(nameof(ContentVariants))]
    public void Remove_SignedFile_RestoresOriginalBytes(string name, byte[] content)
    {
        string path = _folder.Write(name, content);
        using RecordingSigningKey key = new(_pki.Leaf);
        Signer(key).Sign(path);

        Assert.True(SignatureRemover.Remove(path, FormatOptions.Default));

        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.False(SignatureRemover.Remove(path, FormatOptions.Default));
    }

    private static int CountOccurrences(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static void Link(string command, string existing, string created)
    {
        using Process process = Process.Start(command, [existing, created]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
