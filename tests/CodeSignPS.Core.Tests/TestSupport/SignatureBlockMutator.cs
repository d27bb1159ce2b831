using System.Text;

namespace CodeSignPS.Core.Tests.TestSupport;

/// <summary>
/// Damages the signature block of a signed script the way corrupt or hostile files do: truncated
/// DER, flipped bits, inflated DER lengths, broken base64 and cut blocks.
/// </summary>
public static class SignatureBlockMutator
{
    private const string BeginMarker = "SIG # Begin signature block";

    public static byte[] Mutate(byte[] file, Random random)
    {
        string text = Encoding.Latin1.GetString(file);
        int begin = text.LastIndexOf(BeginMarker, StringComparison.Ordinal);
        if (begin < 0 || file.Length > 1 && file[0] == 0xFF && file[1] == 0xFE)
        {
            return FlipBits(file, random, file.Length / 2, file.Length);
        }

        int blockStart = text.LastIndexOf('\n', begin) + 1;
        return random.Next(6) switch
        {
            0 => FlipBits(file, random, blockStart, file.Length),
            1 => file[..random.Next(blockStart, file.Length)],
            2 => ReplaceDer(file, text, blockStart, random, TruncateDer),
            3 => ReplaceDer(file, text, blockStart, random, InflateLength),
            4 => ReplaceDer(file, text, blockStart, random, FlipDerBits),
            _ => InsertJunk(file, random, blockStart),
        };
    }

    private static byte[] FlipBits(byte[] file, Random random, int from, int to)
    {
        byte[] copy = (byte[])file.Clone();
        for (int i = 0; i < 1 + random.Next(8) && to > from; i++)
        {
            copy[random.Next(from, to)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] InsertJunk(byte[] file, Random random, int blockStart)
    {
        int at = random.Next(blockStart, file.Length);
        byte[] junk = Encoding.ASCII.GetBytes(random.Next(2) == 0 ? "# !!!!\r\n" : "\r\n# SIG # Begin signature block\r\n");
        return [.. file[..at], .. junk, .. file[at..]];
    }

    /// <summary>Decodes the base64 of the block, damages the DER, and writes a well-formed block around it.</summary>
    private static byte[] ReplaceDer(byte[] file, string text, int blockStart, Random random, Func<byte[], Random, byte[]> damage)
    {
        string block = text[blockStart..];
        string prefix = block.StartsWith("<!--", StringComparison.Ordinal) ? "<!-- " : block.StartsWith("/*", StringComparison.Ordinal) ? "/* " : "# ";
        string suffix = prefix == "<!-- " ? " -->" : prefix == "/* " ? " */" : "";
        StringBuilder base64 = new();
        foreach (string line in block.Split('\n').Skip(1))
        {
            string trimmed = line.TrimEnd('\r');
            if (trimmed.Contains("End signature block", StringComparison.Ordinal))
            {
                break;
            }

            base64.Append(trimmed[prefix.Length..^suffix.Length]);
        }

        byte[] der = damage(Convert.FromBase64String(base64.ToString()), random);
        StringBuilder rebuilt = new();
        rebuilt.Append(prefix).Append(BeginMarker).Append(suffix).Append("\r\n");
        string encoded = Convert.ToBase64String(der);
        for (int i = 0; i < encoded.Length; i += 64)
        {
            rebuilt.Append(prefix).Append(encoded.AsSpan(i, Math.Min(64, encoded.Length - i))).Append(suffix).Append("\r\n");
        }

        rebuilt.Append(prefix).Append("SIG # End signature block").Append(suffix).Append("\r\n");
        return [.. file[..blockStart], .. Encoding.ASCII.GetBytes(rebuilt.ToString())];
    }

    private static byte[] TruncateDer(byte[] der, Random random) => der[..random.Next(1, der.Length)];

    private static byte[] FlipDerBits(byte[] der, Random random) => FlipBits(der, random, 0, der.Length);

    // Sets a long-form length somewhere in the DER to a huge value.
    private static byte[] InflateLength(byte[] der, Random random)
    {
        byte[] copy = (byte[])der.Clone();
        for (int attempt = 0; attempt < 64; attempt++)
        {
            int i = random.Next(1, copy.Length - 4);
            if (copy[i] is 0x82 or 0x83 or 0x84)
            {
                copy[i + 1] = 0xFF;
                copy[i + 2] = 0xFF;
                return copy;
            }
        }

        copy[1] = 0x84;
        return copy;
    }
}
