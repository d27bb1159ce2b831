using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;
using Xunit.Abstractions;

namespace CodeSignPS.Core.Tests.Formats;

/// <summary>
/// Every script that Microsoft and Pester signed must hash to the digest in its signature, and the
/// indirect data this project writes must equal theirs byte for byte.
/// </summary>
public sealed class PowerShellScriptCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void ComputeDigest_EverySignedPackageScript_MatchesSignedDigest()
    {
        IReadOnlyList<string> files = SignedScriptCorpus.FindScripts();
        Assert.True(files.Count > 0, SignedScriptCorpus.MissingMessage);

        var failures = new List<string>();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            string? failure = CheckFile(file, out string kind);
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            if (failure is not null)
            {
                failures.Add($"{file}: {failure}");
            }
        }

        output.WriteLine($"{files.Count} signed scripts: {string.Join(", ", counts.Select(pair => $"{pair.Value} {pair.Key}"))}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void CreateIndirectData_EverySignedPackageScript_ReproducesSignedBytes()
    {
        IReadOnlyList<string> files = SignedScriptCorpus.FindScripts();
        Assert.True(files.Count > 0, SignedScriptCorpus.MissingMessage);

        foreach (string file in files)
        {
            PowerShellScriptFormat format = FormatFor(file);
            ParsedArtifact parsed = format.Parse(File.ReadAllBytes(file), FormatOptions.Default);
            byte[] signedContent = DecodeSignedContent(parsed.Signature!);
            SpcIndirectDataContent indirectData = SpcIndirectDataContent.Decode(signedContent);

            byte[] encoded = format.CreateIndirectData(indirectData.Digest, indirectData.HashAlgorithm!.Value);

            Assert.Equal(Convert.ToHexString(signedContent), Convert.ToHexString(encoded));
        }
    }

    [Fact]
    public void ComputeDigest_BomlessNonAsciiPackageScripts_SignedAsWindows1252NotUtf8()
    {
        var utf8Options = new FormatOptions { ScriptEncoding = new System.Text.UTF8Encoding(false) };
        int checkedFiles = 0;
        foreach (string file in SignedScriptCorpus.FindScripts())
        {
            byte[] bytes = File.ReadAllBytes(file);
            PowerShellScriptFormat format = FormatFor(file);
            ParsedArtifact parsed = format.Parse(bytes, FormatOptions.Default);
            if (!ScriptTextEncoding.IsAnsiDependent(parsed.Content.Span))
            {
                continue;
            }

            SpcIndirectDataContent indirectData = SpcIndirectDataContent.Decode(DecodeSignedContent(parsed.Signature!));
            HashAlgorithmName hashAlgorithm = indirectData.HashAlgorithm!.Value;

            Assert.Equal(indirectData.Digest, format.ComputeDigest(parsed.Content, hashAlgorithm, FormatOptions.Default));
            Assert.NotEqual(indirectData.Digest, format.ComputeDigest(parsed.Content, hashAlgorithm, utf8Options));
            checkedFiles++;
        }

        output.WriteLine($"{checkedFiles} BOM-less non-ASCII scripts verified as Windows-1252");
        Assert.True(checkedFiles > 0, "The package corpus has no BOM-less script with non-ASCII bytes; " + SignedScriptCorpus.MissingMessage);
    }

    private static string? CheckFile(string file, out string kind)
    {
        byte[] bytes = File.ReadAllBytes(file);
        kind = $"{Path.GetExtension(file).ToLowerInvariant()} ({DescribeEncoding(bytes)})";

        PowerShellScriptFormat format = FormatFor(file);
        ParsedArtifact parsed = format.Parse(bytes, FormatOptions.Default);
        if (!parsed.IsSigned)
        {
            return "no signature block found";
        }

        SpcIndirectDataContent indirectData = SpcIndirectDataContent.Decode(DecodeSignedContent(parsed.Signature!));
        if (indirectData.DataTypeOid != AuthenticodeOids.SpcSipInfo)
        {
            return $"data type {indirectData.DataTypeOid}, expected SpcSipInfo";
        }

        SpcSipInfo sipInfo = SpcSipInfo.Decode(indirectData.EncodedValue);
        if (sipInfo.SipGuid != SpcSipInfo.PowerShellSipGuid)
        {
            return $"SIP GUID {sipInfo.SipGuid}, expected the PowerShell SIP";
        }

        if (indirectData.HashAlgorithm is not { } hashAlgorithm)
        {
            return $"unknown digest algorithm {indirectData.DigestAlgorithmOid}";
        }

        byte[] digest = format.ComputeDigest(parsed.Content, hashAlgorithm, FormatOptions.Default);
        return digest.AsSpan().SequenceEqual(indirectData.Digest)
            ? null
            : $"{hashAlgorithm.Name} digest {Convert.ToHexString(digest)}, signed {Convert.ToHexString(indirectData.Digest)}";
    }

    private static PowerShellScriptFormat FormatFor(string file) =>
        Assert.IsType<PowerShellScriptFormat>(ArtifactFormatFactory.TryGetFormat(file));

    private static byte[] DecodeSignedContent(byte[] signature)
    {
        var cms = new SignedCms();
        cms.Decode(signature);
        Assert.Equal(AuthenticodeOids.SpcIndirectData, cms.ContentInfo.ContentType.Value);
        return cms.ContentInfo.Content;
    }

    private static string DescribeEncoding(byte[] bytes) => ScriptTextEncoding.DetectByteOrderMark(bytes) switch
    {
        ScriptByteOrderMark.None when ScriptTextEncoding.IsAnsiDependent(bytes) => "no BOM, non-ASCII",
        ScriptByteOrderMark.None => "ASCII",
        var mark => mark.ToString(),
    };
}
