using System.Formats.Asn1;
using System.Numerics;

namespace CodeSignPS.Core.Timestamping;

/// <summary>The fields of a TSTInfo that a client checks against its request.</summary>
/// <remarks>
/// Decoded by hand rather than with Rfc3161TimestampToken because its DER reader rejects an INTEGER
/// with a redundant leading byte, and some servers send the nonce that way; the value still equals
/// the nonce that was sent.
/// </remarks>
internal sealed record TstInfo(string HashAlgorithmOid, byte[] HashedMessage, BigInteger? Nonce, DateTimeOffset GenTime)
{
    public const string ContentTypeOid = "1.2.840.113549.1.9.16.1.4";

    // RFC 3161 §2.4.2:
    //   TSTInfo ::= SEQUENCE {
    //     version         INTEGER { v1(1) },
    //     policy          TSAPolicyId,
    //     messageImprint  MessageImprint,
    //     serialNumber    INTEGER,
    //     genTime         GeneralizedTime,
    //     accuracy        Accuracy OPTIONAL,
    //     ordering        BOOLEAN DEFAULT FALSE,
    //     nonce           INTEGER OPTIONAL,
    //     tsa             [0] GeneralName OPTIONAL,
    //     extensions      [1] IMPLICIT Extensions OPTIONAL }
    //   MessageImprint ::= SEQUENCE {
    //     hashAlgorithm   AlgorithmIdentifier,
    //     hashedMessage   OCTET STRING }

    /// <summary>Decodes the eContent of a timestamp token; throws <see cref="AsnContentException"/> when malformed.</summary>
    public static TstInfo Decode(ReadOnlyMemory<byte> encoded)
    {
        AsnReader outer = new(encoded, AsnEncodingRules.BER);
        AsnReader info = outer.ReadSequence();
        outer.ThrowIfNotEmpty();

        ReadLenientInteger(info);
        info.ReadObjectIdentifier();

        AsnReader imprint = info.ReadSequence();
        AsnReader algorithm = imprint.ReadSequence();
        string hashAlgorithmOid = algorithm.ReadObjectIdentifier();
        byte[] hashedMessage = imprint.ReadOctetString();
        imprint.ThrowIfNotEmpty();

        ReadLenientInteger(info);
        DateTimeOffset genTime = info.ReadGeneralizedTime();

        if (info.HasData && info.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            info.ReadSequence();
        }

        if (info.HasData && info.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
        {
            info.ReadBoolean();
        }

        BigInteger? nonce = null;
        if (info.HasData && info.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            nonce = ReadLenientInteger(info);
        }

        return new TstInfo(hashAlgorithmOid, hashedMessage, nonce, genTime);
    }

    /// <summary>Reads an INTEGER by its value, accepting redundant leading 0x00 or 0xFF bytes.</summary>
    private static BigInteger ReadLenientInteger(AsnReader reader)
    {
        ReadOnlyMemory<byte> encoded = reader.ReadEncodedValue();
        Asn1Tag tag = AsnDecoder.ReadEncodedValue(encoded.Span, AsnEncodingRules.BER, out int offset, out int length, out _);
        if (!tag.HasSameClassAndValue(Asn1Tag.Integer) || tag.IsConstructed || length == 0)
        {
            throw new AsnContentException($"Expected an INTEGER, found tag {tag}.");
        }

        return new BigInteger(encoded.Span.Slice(offset, length), isUnsigned: false, isBigEndian: true);
    }
}
