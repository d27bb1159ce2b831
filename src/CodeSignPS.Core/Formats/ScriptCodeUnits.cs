using System.Buffers.Binary;

namespace CodeSignPS.Core.Formats;

/// <summary>
/// A script's bytes seen as code units of its encoding: single bytes for UTF-8 and ANSI text,
/// 16-bit units for UTF-16. The signature block is ASCII, so comparing units with ASCII characters
/// finds it in every encoding without decoding the file.
/// </summary>
internal readonly ref struct ScriptCodeUnits
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly bool _bigEndian;

    public ScriptCodeUnits(ReadOnlySpan<byte> bytes, ScriptByteOrderMark byteOrderMark)
    {
        _bytes = bytes;
        _bigEndian = byteOrderMark == ScriptByteOrderMark.Utf16BigEndian;
        UnitSize = byteOrderMark is ScriptByteOrderMark.Utf16LittleEndian or ScriptByteOrderMark.Utf16BigEndian ? 2 : 1;
        Length = bytes.Length / UnitSize;
        ByteOrderMarkUnits = byteOrderMark switch
        {
            ScriptByteOrderMark.Utf8 => 3,
            ScriptByteOrderMark.None => 0,
            _ => 1,
        };
    }

    /// <summary>Bytes per code unit: 1 or 2.</summary>
    public int UnitSize { get; }

    /// <summary>Number of whole code units.</summary>
    public int Length { get; }

    /// <summary>Code units taken by the byte order mark, which never belong to a line of text.</summary>
    public int ByteOrderMarkUnits { get; }

    /// <summary>Whether a trailing byte is left over after the last whole code unit.</summary>
    public bool HasTrailingByte => _bytes.Length % UnitSize != 0;

    public char this[int index] => UnitSize == 1
        ? (char)_bytes[index]
        : (char)(_bigEndian
            ? BinaryPrimitives.ReadUInt16BigEndian(_bytes.Slice(index * 2, 2))
            : BinaryPrimitives.ReadUInt16LittleEndian(_bytes.Slice(index * 2, 2)));

    /// <summary>Whether the units in [start, end) are exactly the ASCII text <paramref name="text"/>.</summary>
    public bool Equals(int start, int end, string text)
    {
        if (end - start != text.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (this[start + i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the units in [start, end) start with <paramref name="prefix"/> and end with <paramref name="suffix"/>.</summary>
    public bool IsFramed(int start, int end, string prefix, string suffix) =>
        end - start >= prefix.Length + suffix.Length
        && Equals(start, start + prefix.Length, prefix)
        && Equals(end - suffix.Length, end, suffix);

    /// <summary>Returns the units in [start, end) as a string, for messages; non-ASCII units become '?'.</summary>
    public string Describe(int start, int end, int maxChars = 40)
    {
        int stop = Math.Min(end, start + maxChars);
        var chars = new char[stop - start];
        for (int i = start; i < stop; i++)
        {
            char c = this[i];
            chars[i - start] = c is >= ' ' and <= '~' ? c : '?';
        }

        return stop < end ? new string(chars) + "..." : new string(chars);
    }
}
