using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace CodeSignPS.Core.Formats;

/// <summary>
/// Computes the PowerShell SIP digest: the script text, byte order mark included, hashed as UTF-16LE.
/// Text is decoded in chunks into one reusable buffer, so memory stays constant for any file size.
/// </summary>
internal static class ScriptDigest
{
    private const int ChunkChars = 32 * 1024;

    public static byte[] Compute(ReadOnlySpan<byte> content, HashAlgorithmName hashAlgorithm, FormatOptions options)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(hashAlgorithm);
        switch (ScriptTextEncoding.DetectByteOrderMark(content))
        {
            case ScriptByteOrderMark.Utf16LittleEndian:
                AppendUtf16(hash, content, bigEndian: false);
                break;
            case ScriptByteOrderMark.Utf16BigEndian:
                AppendUtf16(hash, content, bigEndian: true);
                break;
            case ScriptByteOrderMark.Utf8:
                // The decoder turns EF BB BF into U+FEFF rather than skipping it, as the SIP does.
                AppendDecoded(hash, content, new UTF8Encoding(false).GetDecoder());
                break;
            default:
                Encoding ansi = ScriptTextEncoding.GetAnsiEncoding(options);
                if (SingleByteTable.TryGet(ansi) is { } table)
                {
                    AppendSingleByte(hash, content, table);
                }
                else
                {
                    AppendDecoded(hash, content, ansi.GetDecoder());
                }

                break;
        }

        return hash.GetHashAndReset();
    }

    // UTF-16 content is hashed code unit by code unit without validation, so unpaired surrogates
    // reach the digest as they are instead of becoming U+FFFD.
    private static void AppendUtf16(IncrementalHash hash, ReadOnlySpan<byte> content, bool bigEndian)
    {
        ReadOnlySpan<byte> whole = content[..(content.Length & ~1)];
        if (bigEndian == !BitConverter.IsLittleEndian)
        {
            hash.AppendData(whole);
        }
        else
        {
            AppendSwapped(hash, whole);
        }

        if ((content.Length & 1) != 0)
        {
            // NOTE: no signed file shows what Windows does with a trailing odd byte in UTF-16 text.
            // It is hashed as U+FFFD so that the digest still covers it.
            Span<byte> replacement = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(replacement, 0xFFFD);
            hash.AppendData(replacement);
        }
    }

    private static void AppendSwapped(IncrementalHash hash, ReadOnlySpan<byte> content)
    {
        ushort[] buffer = ArrayPool<ushort>.Shared.Rent(ChunkChars);
        try
        {
            ReadOnlySpan<ushort> units = MemoryMarshal.Cast<byte, ushort>(content);
            while (!units.IsEmpty)
            {
                int count = Math.Min(units.Length, buffer.Length);
                BinaryPrimitives.ReverseEndianness(units[..count], buffer.AsSpan(0, count));
                hash.AppendData(MemoryMarshal.AsBytes(buffer.AsSpan(0, count)));
                units = units[count..];
            }
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(buffer);
        }
    }

    // Widens ASCII runs with the vectorized Ascii.ToUtf16 and maps the other bytes through the
    // code page's table, which is several times faster than the code page's own decoder.
    private static void AppendSingleByte(IncrementalHash hash, ReadOnlySpan<byte> content, char[] table)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(ChunkChars);
        try
        {
            while (!content.IsEmpty)
            {
                int count = Math.Min(content.Length, buffer.Length);
                ReadOnlySpan<byte> chunk = content[..count];
                int position = 0;
                while (position < count)
                {
                    Ascii.ToUtf16(chunk[position..], buffer.AsSpan(position, count - position), out int widened);
                    position += widened;
                    while (position < count && chunk[position] >= 0x80)
                    {
                        buffer[position] = table[chunk[position]];
                        position++;
                    }
                }

                AppendUtf16LittleEndian(hash, buffer.AsSpan(0, count));
                content = content[count..];
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static void AppendDecoded(IncrementalHash hash, ReadOnlySpan<byte> content, Decoder decoder)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(ChunkChars);
        try
        {
            bool completed;
            do
            {
                decoder.Convert(content, buffer, flush: true, out int bytesUsed, out int charsUsed, out completed);
                content = content[bytesUsed..];
                AppendUtf16LittleEndian(hash, buffer.AsSpan(0, charsUsed));
            }
            while (!completed);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static void AppendUtf16LittleEndian(IncrementalHash hash, Span<char> chars)
    {
        if (!BitConverter.IsLittleEndian)
        {
            Span<ushort> units = MemoryMarshal.Cast<char, ushort>(chars);
            BinaryPrimitives.ReverseEndianness(units, units);
        }

        hash.AppendData(MemoryMarshal.AsBytes(chars));
    }
}
