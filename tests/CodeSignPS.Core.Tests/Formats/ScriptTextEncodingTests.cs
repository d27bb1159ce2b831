using System.Text;
using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Tests.Formats;

public sealed class ScriptTextEncodingTests
{
    // ---- byte order marks ----

    [Theory]
    [InlineData(new byte[] { }, ScriptByteOrderMark.None)]
    [InlineData(new byte[] { 0xEF, 0xBB }, ScriptByteOrderMark.None)]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF }, ScriptByteOrderMark.Utf8)]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x41, 0x00 }, ScriptByteOrderMark.Utf16LittleEndian)]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x00 }, ScriptByteOrderMark.Utf16LittleEndian)]
    [InlineData(new byte[] { 0xFE, 0xFF }, ScriptByteOrderMark.Utf16BigEndian)]
    [InlineData(new byte[] { 0x00, 0x00, 0xFE, 0xFF }, ScriptByteOrderMark.None)]
    public void DetectByteOrderMark_Prefix_ReturnsMark(byte[] content, ScriptByteOrderMark expected)
    {
        Assert.Equal(expected, ScriptTextEncoding.DetectByteOrderMark(content));
    }

    // ---- ANSI-dependent content ----

    [Theory]
    [InlineData("ascii", "Write-Host 1", false)]
    [InlineData("utf8", "caf\u00e9", true)]
    [InlineData("windows1252", "caf\u00e9", true)]
    [InlineData("utf8bom", "caf\u00e9", false)]
    [InlineData("utf16le", "caf\u00e9", false)]
    [InlineData("ascii", "", false)]
    public void IsAnsiDependent_Content_ReturnsWhetherBomlessNonAscii(string encoding, string text, bool expected)
    {
        Assert.Equal(expected, ScriptTextEncoding.IsAnsiDependent(ScriptTestData.Encode(text, encoding)));
    }

    // ---- converting to UTF-8 with BOM ----

    [Fact]
    public void ConvertToUtf8WithBom_ValidUtf8_PrependsBomOnly()
    {
        byte[] content = new UTF8Encoding(false).GetBytes("caf\u00e9\n\r\nx");

        byte[] converted = ScriptTextEncoding.ConvertToUtf8WithBom(content, FormatOptions.Default);

        Assert.Equal([0xEF, 0xBB, 0xBF, .. content], converted);
    }

    [Fact]
    public void ConvertToUtf8WithBom_Windows1252Bytes_DecodesByAnsiEncoding()
    {
        byte[] content = [(byte)'c', 0xE9, 0x80, (byte)'\r', (byte)'\n'];

        byte[] converted = ScriptTextEncoding.ConvertToUtf8WithBom(content, FormatOptions.Default);

        Assert.Equal(ScriptTestData.Encode("c\u00e9\u20ac\r\n", "utf8bom"), converted);
    }

    [Fact]
    public void ConvertToUtf8WithBom_ScriptEncodingGiven_DecodesInvalidUtf8WithIt()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var options = new FormatOptions { ScriptEncoding = Encoding.GetEncoding(1251) };

        byte[] converted = ScriptTextEncoding.ConvertToUtf8WithBom([0xC0, 0xE1], options);

        Assert.Equal(ScriptTestData.Encode("\u0410\u0431", "utf8bom"), converted);
    }

    [Theory]
    [InlineData("utf8bom")]
    [InlineData("utf16le")]
    [InlineData("utf16be")]
    public void ConvertToUtf8WithBom_BomPresent_ReturnsContentUnchanged(string encoding)
    {
        byte[] content = ScriptTestData.Encode("caf\u00e9", encoding);

        Assert.Equal(content, ScriptTextEncoding.ConvertToUtf8WithBom(content, FormatOptions.Default));
    }

    [Fact]
    public void ConvertToUtf8WithBom_ConvertedContent_IsNoLongerAnsiDependent()
    {
        byte[] converted = ScriptTextEncoding.ConvertToUtf8WithBom([0xE9], FormatOptions.Default);

        Assert.False(ScriptTextEncoding.IsAnsiDependent(converted));
    }
}
