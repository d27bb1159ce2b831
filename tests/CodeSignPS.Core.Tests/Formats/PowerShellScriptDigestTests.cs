using System.Security.Cryptography;
using System.Text;
using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Tests.Formats;

public sealed class PowerShellScriptDigestTests
{
    private static readonly PowerShellScriptFormat Ps1 = ScriptTestData.Format(".ps1");

    private static byte[] Digest(byte[] content, FormatOptions? options = null) =>
        Ps1.ComputeDigest(content, HashAlgorithmName.SHA256, options ?? FormatOptions.Default);

    private static byte[] Utf16Sha256(string text) => SHA256.HashData(Encoding.Unicode.GetBytes(text));

    // ---- byte order marks ----

    [Theory]
    [InlineData("utf8bom")]
    [InlineData("utf16le")]
    [InlineData("utf16be")]
    public void ComputeDigest_BomContent_HashesBomAsFeff(string encoding)
    {
        const string text = "Write-Host 'caf\u00e9 \u20ac \U0001F600'\r\n";

        Assert.Equal(Utf16Sha256("\uFEFF" + text), Digest(ScriptTestData.Encode(text, encoding)));
    }

    [Fact]
    public void ComputeDigest_Utf32LittleEndianBom_TreatedAsUtf16()
    {
        byte[] content = [0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00];

        Assert.Equal(Utf16Sha256("\uFEFF\0A\0"), Digest(content));
    }

    [Fact]
    public void ComputeDigest_Utf16UnpairedSurrogate_HashedUnchanged()
    {
        byte[] content = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00];

        Assert.Equal(SHA256.HashData(content), Digest(content));
    }

    [Fact]
    public void ComputeDigest_Utf16OddTrailingByte_HashedAsReplacementCharacter()
    {
        byte[] content = [0xFF, 0xFE, 0x41, 0x00, 0x42];

        Assert.Equal(Utf16Sha256("\uFEFFA\uFFFD"), Digest(content));
    }

    // ---- BOM-less content: the ANSI code page ----

    [Fact]
    public void ComputeDigest_BomlessUtf8_DecodedAsWindows1252()
    {
        byte[] content = new UTF8Encoding(false).GetBytes("caf\u00e9\r\n");

        Assert.Equal(Utf16Sha256("caf\u00c3\u00a9\r\n"), Digest(content));
    }

    [Fact]
    public void ComputeDigest_Windows1252UndefinedBytes_MapToC1Controls()
    {
        byte[] content = [0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x80, 0xFF];

        Assert.Equal(Utf16Sha256("\u0081\u008D\u008F\u0090\u009D\u20AC\u00FF"), Digest(content));
    }

    [Fact]
    public void ComputeDigest_ScriptEncodingGiven_DecodesBomlessContentWithIt()
    {
        byte[] content = new UTF8Encoding(false).GetBytes("caf\u00e9");
        var options = new FormatOptions { ScriptEncoding = new UTF8Encoding(false) };

        Assert.Equal(Utf16Sha256("caf\u00e9"), Digest(content, options));
    }

    [Fact]
    public void ComputeDigest_ScriptEncodingGiven_IgnoredWhenBomPresent()
    {
        byte[] content = ScriptTestData.Encode("caf\u00e9", "utf8bom");
        var options = new FormatOptions { ScriptEncoding = Encoding.Latin1 };

        Assert.Equal(Utf16Sha256("\uFEFFcaf\u00e9"), Digest(content, options));
    }

    [Theory]
    [InlineData("a\nb\r\nc\rd")]
    [InlineData("")]
    public void ComputeDigest_LineEndings_HashedAsTheyAre(string text)
    {
        Assert.Equal(Utf16Sha256(text), Digest(Encoding.ASCII.GetBytes(text)));
    }

    // ---- chunking ----

    [Theory]
    [InlineData("utf8bom")]
    [InlineData("utf16be")]
    [InlineData("windows1252")]
    public void ComputeDigest_LargeContent_MatchesWholeTextHash(string encoding)
    {
        // Multi-byte characters land on every offset, so some straddle the decoder's chunk boundaries.
        var text = new StringBuilder();
        for (int i = 0; i < 40_000; i++)
        {
            text.Append(encoding == "windows1252" ? "ab\u00e9\u20ac\r\n" : "ab\u00e9\u20ac\U0001F600\r\n");
        }

        string prefix = encoding == "windows1252" ? "" : "\uFEFF";

        Assert.Equal(Utf16Sha256(prefix + text), Digest(ScriptTestData.Encode(text.ToString(), encoding)));
    }
}
