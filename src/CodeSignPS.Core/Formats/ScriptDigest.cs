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
                AppendDecoded(hash, content, ScriptTextEncoding.GetAnsiEncoding(options).GetDecoder());
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
            // NOTE: no signed file shows what Windows does with a trailing odd byte in UTF-16 text;
            // it is hashed as U+FFFD so that it is at least covered by the digest.
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
