namespace CodeSignPS.Core.Certificates;

/// <summary>Recognizes the first bytes of a PFX whose rest is missing or damaged.</summary>
internal static class PfxHeader
{
    /// <summary>
    /// Whether the bytes start like a PFX: a DER SEQUENCE whose first element is INTEGER 3, the
    /// PFX version (RFC 7292 section 4). An X.509 certificate starts with a nested SEQUENCE instead.
    /// </summary>
    public static bool StartsLikePfx(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != 0x30)
        {
            return false;
        }

        int lengthBytes = data[1] < 0x80 ? 0 : data[1] & 0x7F;
        int header = 2 + lengthBytes;
        return lengthBytes <= 4 && data.Length >= header + 3 && data.Slice(header, 3).SequenceEqual(new byte[] { 0x02, 0x01, 0x03 });
    }
}
