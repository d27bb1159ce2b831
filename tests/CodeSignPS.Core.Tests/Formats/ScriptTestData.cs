using System.Formats.Asn1;
using System.Text;
using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Tests.Formats;

/// <summary>Builders for script contents and stand-in signatures.</summary>
internal static class ScriptTestData
{
    /// <summary>One complete DER value of about <paramref name="size"/> bytes, as a signature block holds.</summary>
    public static byte[] FakeSignature(int size = 3000, int seed = 1)
    {
        var random = new Random(seed);
        var payload = new byte[size];
        random.NextBytes(payload);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(payload);
        return writer.Encode();
    }

    public static PowerShellScriptFormat Format(string extension) =>
        PowerShellScriptFormat.TryCreate(extension) ?? throw new ArgumentException($"No script format for {extension}.");

    /// <summary>Encodes <paramref name="text"/> with the named encoding, writing a byte order mark where the name says so.</summary>
    public static byte[] Encode(string text, string encodingName) => encodingName switch
    {
        "ascii" => Encoding.ASCII.GetBytes(text),
        "utf8" => new UTF8Encoding(false).GetBytes(text),
        "utf8bom" => [0xEF, 0xBB, 0xBF, .. new UTF8Encoding(false).GetBytes(text)],
        "utf16le" => [0xFF, 0xFE, .. new UnicodeEncoding(false, false).GetBytes(text)],
        "utf16be" => [0xFE, 0xFF, .. new UnicodeEncoding(true, false).GetBytes(text)],
        "windows1252" => ScriptTextEncoding.DefaultAnsiEncoding.GetBytes(text),
        _ => throw new ArgumentException($"Unknown encoding name {encodingName}."),
    };

    /// <summary>Returns the text of an embedded file, decoded by its byte order mark.</summary>
    public static string DecodeText(byte[] file) => ScriptTextEncoding.DetectByteOrderMark(file) switch
    {
        ScriptByteOrderMark.Utf16LittleEndian => Encoding.Unicode.GetString(file, 2, file.Length - 2),
        ScriptByteOrderMark.Utf16BigEndian => Encoding.BigEndianUnicode.GetString(file, 2, file.Length - 2),
        _ => Encoding.Latin1.GetString(file),
    };
}
