using System.Collections.Concurrent;
using System.Text;

namespace CodeSignPS.Core.Formats;

/// <summary>Byte-to-character tables of single-byte code pages, built once per code page.</summary>
internal static class SingleByteTable
{
    // Encoding equality covers the code page and the fallbacks, which both shape the table.
    private static readonly ConcurrentDictionary<Encoding, char[]?> Tables = new();

    /// <summary>
    /// Returns the 256-entry table of <paramref name="encoding"/>, or null when some byte does not
    /// decode to exactly one character (multi-byte code pages, UTF-8).
    /// </summary>
    public static char[]? TryGet(Encoding encoding) =>
        encoding.IsSingleByte ? Tables.GetOrAdd(encoding, Build) : null;

    private static char[]? Build(Encoding encoding)
    {
        var table = new char[256];
        Span<char> decoded = stackalloc char[4];
        for (int b = 0; b < 256; b++)
        {
            byte value = (byte)b;
            if (encoding.GetChars(new ReadOnlySpan<byte>(in value), decoded) != 1)
            {
                return null;
            }

            table[b] = decoded[0];
        }

        // ASCII bytes are widened directly, so the table is used only where ASCII maps to itself.
        for (int b = 0; b < 0x80; b++)
        {
            if (table[b] != b)
            {
                return null;
            }
        }

        return table;
    }
}
