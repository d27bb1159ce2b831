using System.Text;

namespace CodeSignPS.Core.Formats;

/// <summary>
/// Writes the signature block that Windows' Set-AuthenticodeSignature writes: a CRLF, the begin
/// marker line, the base64 signature in lines of 64 characters, the end marker line and a CRLF.
/// Every line is a comment of the script kind, encoded like the content.
/// </summary>
internal static class ScriptSignatureBlockWriter
{
    private const int Base64CharsPerLine = 64;

    public static byte[] Write(ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature, ScriptSignatureFraming framing)
    {
        if (signature.IsEmpty)
        {
            throw new ArgumentException("The signature to embed is empty.", nameof(signature));
        }

        Encoding encoding = GetBlockEncoding(content);
        string block = FormatBlock(signature, framing);

        var file = new byte[content.Length + encoding.GetByteCount(block)];
        content.CopyTo(file);
        encoding.GetBytes(block, file.AsSpan(content.Length));
        return file;
    }

    /// <summary>Returns the block text, from the CRLF that separates it from the content to its final CRLF.</summary>
    public static string FormatBlock(ReadOnlySpan<byte> signature, ScriptSignatureFraming framing)
    {
        string base64 = Convert.ToBase64String(signature);
        var block = new StringBuilder(base64.Length * 2 + 128);
        block.Append("\r\n").Append(framing.BeginMarkerLine).Append("\r\n");
        for (int i = 0; i < base64.Length; i += Base64CharsPerLine)
        {
            int length = Math.Min(Base64CharsPerLine, base64.Length - i);
            block.Append(framing.LinePrefix).Append(base64, i, length).Append(framing.LineSuffix).Append("\r\n");
        }

        block.Append(framing.EndMarkerLine).Append("\r\n");
        return block.ToString();
    }

    // The block is ASCII, so one byte per character serves UTF-8 and every ANSI code page; UTF-16
    // content gets a UTF-16 block in the same byte order, without a second byte order mark.
    private static Encoding GetBlockEncoding(ReadOnlySpan<byte> content)
    {
        ScriptByteOrderMark byteOrderMark = ScriptTextEncoding.DetectByteOrderMark(content);
        if (byteOrderMark is ScriptByteOrderMark.Utf16LittleEndian or ScriptByteOrderMark.Utf16BigEndian && content.Length % 2 != 0)
        {
            throw new CodeSignException(
                "ScriptEncodingInvalid",
                FailureCategory.InvalidData,
                $"The script starts with a UTF-16 byte order mark but has an odd number of bytes ({content.Length}), so a signature block cannot follow it. Fix the file's encoding and sign it again.");
        }

        return byteOrderMark switch
        {
            ScriptByteOrderMark.Utf16LittleEndian => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
            ScriptByteOrderMark.Utf16BigEndian => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
            _ => Encoding.ASCII,
        };
    }
}
