using System.Formats.Asn1;

namespace CodeSignPS.TestServers;

/// <summary>Encodes TimeStampResp messages that openssl would not write.</summary>
public static class TimestampResponseWriter
{
    // RFC 3161 §2.4.2:
    //   TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
    //   PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL, failInfo PKIFailureInfo OPTIONAL }

    /// <summary>A rejection with failInfo badAlg (bit 0) and a statusString.</summary>
    public static byte[] Rejection(string statusString)
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteInteger(2);
            using (writer.PushSequence())
            {
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, statusString);
            }

            writer.WriteBitString(new byte[] { 0x80 }, unusedBitCount: 7);
        }

        return writer.Encode();
    }

    /// <summary>A granted reply carrying <paramref name="token"/>.</summary>
    public static byte[] Granted(ReadOnlySpan<byte> token)
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
            }

            writer.WriteEncodedValue(token);
        }

        return writer.Encode();
    }
}
