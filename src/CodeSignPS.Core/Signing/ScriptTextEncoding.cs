using System.Text;

namespace CodeSignPS.Core.Signing;

/// <summary>Finds BOM-less scripts whose digest depends on the code page, and re-encodes them.</summary>
internal static class ScriptTextEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether the text has no byte order mark and has a byte outside ASCII.</summary>
    public static bool IsBomlessWithNonAscii(ReadOnlySpan<byte> content)
    {
        if (HasBom(content))
        {
            return false;
        }

        foreach (byte b in content)
        {
            if (b >= 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns the text as UTF-8 with a byte order mark. Bytes that are valid UTF-8 keep their
    /// characters (only the mark is added); other bytes are decoded with <paramref name="legacyEncoding"/>,
    /// Windows-1252 when null.
    /// </summary>
    public static byte[] ToUtf8WithBom(ReadOnlySpan<byte> content, Encoding? legacyEncoding)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            text = (legacyEncoding ?? Encoding.GetEncoding(1252)).GetString(content);
        }

        byte[] preamble = Encoding.UTF8.GetPreamble();
        byte[] result = new byte[preamble.Length + Encoding.UTF8.GetByteCount(text)];
        preamble.CopyTo(result, 0);
        Encoding.UTF8.GetBytes(text, 0, text.Length, result, preamble.Length);
        return result;
    }

    private static bool HasBom(ReadOnlySpan<byte> content)
        => content.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }) || content.StartsWith(new byte[] { 0xFF, 0xFE }) || content.StartsWith(new byte[] { 0xFE, 0xFF });
}
