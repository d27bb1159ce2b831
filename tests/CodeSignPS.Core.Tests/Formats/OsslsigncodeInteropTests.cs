using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;
using Xunit.Abstractions;

namespace CodeSignPS.Core.Tests.Formats;

/// <summary>
/// Reads scripts that osslsigncode 2.9 signed: its block must parse to the original content, and
/// its digest must equal this project's wherever both decode the text the same way.
/// </summary>
public sealed class OsslsigncodeInteropTests(OsslsigncodeFixture fixture, ITestOutputHelper output)
    : IClassFixture<OsslsigncodeFixture>
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (string extension in PowerShellScriptFormat.Extensions)
        {
            foreach (string encoding in new[] { "ascii", "utf8bom", "utf16le" })
            {
                foreach (string endings in new[] { "crlf", "lf", "mixed", "no final newline" })
                {
                    data.Add(extension, encoding, endings);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_OsslsigncodeSignedScript_MatchesContentAndDigest(string extension, string encoding, string endings)
    {
        string text = endings switch
        {
            "crlf" => "Write-Host \"caf\u00e9\"\r\n$x = 1\r\n",
            "lf" => "Write-Host \"caf\u00e9\"\n$x = 1\n",
            "mixed" => "Write-Host \"a\"\r\n$x = 1\n\n",
            _ => "Write-Host \"a\"\r\n$x = 1",
        };
        if (encoding == "ascii")
        {
            text = text.Replace('\u00e9', 'e');
        }

        byte[] content = ScriptTestData.Encode(text, encoding);
        if (SignWithOsslsigncode(content, extension) is not { } signed)
        {
            return;
        }

        PowerShellScriptFormat format = ScriptTestData.Format(extension);
        ParsedArtifact parsed = format.Parse(signed, FormatOptions.Default);
        byte[] signedContent = DecodeSignedContent(parsed);
        byte[] digest = format.ComputeDigest(parsed.Content, HashAlgorithmName.SHA256, FormatOptions.Default);

        Assert.Equal(content, parsed.Content.ToArray());
        Assert.Equal(SpcIndirectDataContent.Decode(signedContent).Digest, digest);
        Assert.Equal(Convert.ToHexString(signedContent), Convert.ToHexString(format.CreateIndirectData(digest, HashAlgorithmName.SHA256)));
    }

    // ---- where osslsigncode differs from Windows ----

    [Fact]
    public void ComputeDigest_OsslsigncodeBomlessNonAscii_MatchesOnlyWhenDecodedAsUtf8()
    {
        byte[] content = new UTF8Encoding(false).GetBytes("Write-Host \"caf\u00e9\"\r\n");
        if (SignWithOsslsigncode(content, ".ps1") is not { } signed)
        {
            return;
        }

        PowerShellScriptFormat format = ScriptTestData.Format(".ps1");
        ParsedArtifact parsed = format.Parse(signed, FormatOptions.Default);
        byte[] signedDigest = SpcIndirectDataContent.Decode(DecodeSignedContent(parsed)).Digest;
        var utf8Options = new FormatOptions { ScriptEncoding = new UTF8Encoding(false) };

        Assert.Equal(content, parsed.Content.ToArray());
        Assert.NotEqual(signedDigest, format.ComputeDigest(parsed.Content, HashAlgorithmName.SHA256, FormatOptions.Default));
        Assert.Equal(signedDigest, format.ComputeDigest(parsed.Content, HashAlgorithmName.SHA256, utf8Options));
    }

    [Fact]
    public void Parse_OsslsigncodeUtf16BigEndian_NotReadAsSigned()
    {
        // osslsigncode writes a one-byte-per-character (ASCII) block after UTF-16BE content, which
        // is not a UTF-16BE block, so the file reads as unsigned here.
        byte[] content = ScriptTestData.Encode("Write-Host 1\r\n", "utf16be");
        if (SignWithOsslsigncode(content, ".ps1") is not { } signed)
        {
            return;
        }

        ParsedArtifact parsed = ScriptTestData.Format(".ps1").Parse(signed, FormatOptions.Default);

        Assert.False(parsed.IsSigned);
        Assert.Contains("# SIG # Begin signature block", Encoding.ASCII.GetString(signed));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    public void Sign_OsslsigncodeEmptyOrBomOnly_Fails(byte[] content)
    {
        if (!IsReady())
        {
            return;
        }

        string input = Path.Combine(fixture.Folder, $"empty-{content.Length}.ps1");
        File.WriteAllBytes(input, content);

        (int exitCode, _) = ExternalTools.Run("osslsigncode", SignArguments(input, input + ".signed.ps1"));

        Assert.NotEqual(0, exitCode);
    }

    private bool IsReady()
    {
        if (!ExternalTools.Require(output.WriteLine, "osslsigncode", "openssl"))
        {
            return false;
        }

        Assert.True(fixture.IsReady, $"openssl could not make a test certificate: {fixture.Error}");
        return true;
    }

    private byte[]? SignWithOsslsigncode(byte[] content, string extension)
    {
        if (!IsReady())
        {
            return null;
        }

        string input = Path.Combine(fixture.Folder, Guid.NewGuid().ToString("N") + extension);
        string signedPath = input + ".signed" + extension;
        File.WriteAllBytes(input, content);

        (int exitCode, string toolOutput) = ExternalTools.Run("osslsigncode", SignArguments(input, signedPath));

        Assert.True(exitCode == 0, $"osslsigncode failed on {extension}: {toolOutput}");
        return File.ReadAllBytes(signedPath);
    }

    private string[] SignArguments(string input, string signedPath) =>
        ["sign", "-certs", fixture.CertificatePath, "-key", fixture.KeyPath, "-h", "sha256", "-in", input, "-out", signedPath];

    private static byte[] DecodeSignedContent(ParsedArtifact parsed)
    {
        Assert.True(parsed.IsSigned);
        var cms = new SignedCms();
        cms.Decode(parsed.Signature!);
        return cms.ContentInfo.Content;
    }
}
