using System.Text;
using System.Text.Unicode;

namespace CodeSignPS.Core.Formats;

/// <summary>
/// How Windows' PowerShell SIP turns script bytes into text, and helpers for the BOM-less scripts
/// whose text depends on the machine's ANSI code page. docs/hashing-rule.md states the full rule.
/// </summary>
public static class ScriptTextEncoding
{
    private static readonly Lazy<Encoding> Windows1252 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        // The five bytes that Windows-1252 leaves undefined (81 8D 8F 90 9D) decode to U+0081,
        // U+008D, U+008F, U+0090 and U+009D here, as MultiByteToWideChar does on Windows. A test
        // pins this because a replacement character would change the digest.
        return Encoding.GetEncoding(1252);
    });

    /// <summary>Windows-1252, the ANSI code page of en-US Windows, used when no other encoding is given.</summary>
    public static Encoding DefaultAnsiEncoding => Windows1252.Value;

    /// <summary>Returns the encoding for BOM-less script bytes under <paramref name="options"/>.</summary>
    public static Encoding GetAnsiEncoding(FormatOptions options) => options.ScriptEncoding ?? DefaultAnsiEncoding;

    /// <summary>Detects the byte order mark at the start of <paramref name="content"/>.</summary>
    public static ScriptByteOrderMark DetectByteOrderMark(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return ScriptByteOrderMark.Utf8;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return ScriptByteOrderMark.Utf16LittleEndian;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return ScriptByteOrderMark.Utf16BigEndian;
        return ScriptByteOrderMark.None;
    }

    /// <summary>
    /// Whether <paramref name="content"/> has no byte order mark and contains bytes above 0x7F.
    /// Windows decodes such a script by the machine's ANSI code page, so its digest, and whether
    /// its signature verifies, can differ from one machine to another.
    /// </summary>
    public static bool IsAnsiDependent(ReadOnlySpan<byte> content) =>
        DetectByteOrderMark(content) == ScriptByteOrderMark.None && !Ascii.IsValid(content);

    /// <summary>
    /// Re-encodes BOM-less content as UTF-8 with a byte order mark, so that every machine decodes it
    /// the same way. Content that is valid UTF-8 keeps its bytes and gains the mark, because
    /// PowerShell 6 and later run BOM-less scripts as UTF-8; other content is decoded by the ANSI
    /// encoding of <paramref name="options"/> (Windows-1252 by default). Line endings are kept.
    /// Content that already has a byte order mark is returned unchanged.
    /// </summary>
    public static byte[] ConvertToUtf8WithBom(ReadOnlySpan<byte> content, FormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (DetectByteOrderMark(content) != ScriptByteOrderMark.None)
        {
            return content.ToArray();
        }

        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (Utf8.IsValid(content))
        {
            var result = new byte[bom.Length + content.Length];
            bom.CopyTo(result);
            content.CopyTo(result.AsSpan(bom.Length));
            return result;
        }

        string text = GetAnsiEncoding(options).GetString(content);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var converted = new byte[bom.Length + utf8.GetByteCount(text)];
        bom.CopyTo(converted);
        utf8.GetBytes(text, converted.AsSpan(bom.Length));
        return converted;
    }
}
