using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Signing;

/// <summary>
/// Hand-written DER encoders for a detached CMS SignedData (RFC 5652) with one signer. SignedCms
/// needs the whole content in memory, so the detached signer encodes the message around a digest
/// that it computed by streaming the file.
/// </summary>
internal static class CmsSignedDataWriter
{
    private static readonly Asn1Tag ContextZero = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ContextOne = new(TagClass.ContextSpecific, 1, isConstructed: true);

    // AlgorithmIdentifier ::= SEQUENCE {                       (RFC 5280 §4.1.1.2)
    //   algorithm   OBJECT IDENTIFIER,
    //   parameters  ANY DEFINED BY algorithm OPTIONAL }
    // RFC 5754 §2 omits the parameters of the SHA-2 digests and RFC 5758 §3.2 those of ECDSA, while
    // RFC 3370 §3.2 gives rsaEncryption a NULL parameter.
    public static byte[] EncodeAlgorithmIdentifier(string oid, bool nullParameters)
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (nullParameters)
            {
                writer.WriteNull();
            }
        }

        return writer.Encode();
    }

    // SignedAttributes ::= SET SIZE (1..MAX) OF Attribute      (RFC 5652 §5.3)
    // Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }
    // ContentType ::= OBJECT IDENTIFIER                        (§11.1)
    // MessageDigest ::= OCTET STRING                           (§11.2)
    // SigningTime ::= Time; Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }  (§11.3)
    // CMSAlgorithmProtection ::= SEQUENCE {                    (RFC 6211 §2, IMPLICIT TAGS)
    //   digestAlgorithm DigestAlgorithmIdentifier,
    //   signatureAlgorithm [1] SignatureAlgorithmIdentifier OPTIONAL,
    //   macAlgorithm [2] MessageAuthenticationCodeAlgorithm OPTIONAL }
    // Returned with the universal SET tag, which is what the signature covers (§5.4). DER sorts the
    // attributes by their encoding.
    public static byte[] EncodeSignedAttributes(ReadOnlySpan<byte> contentDigest, DateTimeOffset signingTime, byte[] digestAlgorithm, byte[] signatureAlgorithm)
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            using (PushAttribute(writer, CmsOids.ContentType))
            {
                writer.WriteObjectIdentifier(CmsOids.Data);
            }

            using (PushAttribute(writer, CmsOids.SigningTime))
            {
                WriteTime(writer, signingTime);
            }

            using (PushAttribute(writer, CmsOids.MessageDigest))
            {
                writer.WriteOctetString(contentDigest);
            }

            using (PushAttribute(writer, CmsOids.AlgorithmProtection))
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(digestAlgorithm);
                WriteRetagged(writer, signatureAlgorithm, 0xA1);
            }
        }

        return writer.Encode();
    }

    // ContentInfo ::= SEQUENCE {                               (RFC 5652 §3)
    //   contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType }
    // SignedData ::= SEQUENCE {                                (§5.1)
    //   version CMSVersion,                                    1: issuerAndSerialNumber, id-data, X.509 certificates only
    //   digestAlgorithms SET OF DigestAlgorithmIdentifier,
    //   encapContentInfo EncapsulatedContentInfo,
    //   certificates [0] IMPLICIT CertificateSet OPTIONAL,
    //   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
    //   signerInfos SET OF SignerInfo }
    // EncapsulatedContentInfo ::= SEQUENCE {                   (§5.2)
    //   eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }   absent: detached
    public static byte[] EncodeContentInfo(DetachedSignerInfo signer, X509Certificate2Collection certificates)
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.SignedData);
            using (writer.PushSequence(ContextZero))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    writer.WriteEncodedValue(signer.DigestAlgorithm);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(CmsOids.Data);
                }

                if (certificates.Count > 0)
                {
                    using (writer.PushSetOf(ContextZero))
                    {
                        foreach (X509Certificate2 certificate in certificates)
                        {
                            writer.WriteEncodedValue(certificate.RawData);
                        }
                    }
                }

                using (writer.PushSetOf())
                {
                    WriteSignerInfo(writer, signer);
                }
            }
        }

        return writer.Encode();
    }

    // SignerInfo ::= SEQUENCE {                                (RFC 5652 §5.3)
    //   version CMSVersion,                                    1 with issuerAndSerialNumber
    //   sid SignerIdentifier,
    //   digestAlgorithm DigestAlgorithmIdentifier,
    //   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
    //   signatureAlgorithm SignatureAlgorithmIdentifier,
    //   signature SignatureValue,
    //   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
    // IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber CertificateSerialNumber }  (§10.2.4)
    private static void WriteSignerInfo(AsnWriter writer, DetachedSignerInfo signer)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(signer.Certificate.IssuerName.RawData);
                writer.WriteInteger(signer.Certificate.SerialNumberBytes.Span);
            }

            writer.WriteEncodedValue(signer.DigestAlgorithm);
            WriteRetagged(writer, signer.SignedAttributes, 0xA0);
            writer.WriteEncodedValue(signer.SignatureAlgorithm);
            writer.WriteOctetString(signer.Signature);
            if (signer.TimestampToken is not null)
            {
                WriteTimestampAttribute(writer, signer.TimestampToken);
            }
        }
    }

    // UnsignedAttributes ::= SET SIZE (1..MAX) OF Attribute     (RFC 5652 §5.3)
    // with id-aa-timeStampToken, whose value is the TimeStampToken ContentInfo (RFC 3161 Appendix A).
    private static void WriteTimestampAttribute(AsnWriter writer, byte[] token)
    {
        using (writer.PushSetOf(ContextOne))
        using (PushAttribute(writer, CmsOids.TimestampToken))
        {
            writer.WriteEncodedValue(token);
        }
    }

    private static AttributeScope PushAttribute(AsnWriter writer, string type)
    {
        writer.PushSequence();
        writer.WriteObjectIdentifier(type);
        writer.PushSetOf();
        return new AttributeScope(writer);
    }

    // Dates from 1950 to 2049 must be UTCTime and others GeneralizedTime (RFC 5652 §11.3), in whole seconds.
    private static void WriteTime(AsnWriter writer, DateTimeOffset time)
    {
        DateTimeOffset utc = time.ToUniversalTime();
        utc = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (utc.Year is >= 1950 and <= 2049)
        {
            writer.WriteUtcTime(utc);
        }
        else
        {
            writer.WriteGeneralizedTime(utc, omitFractionalSeconds: true);
        }
    }

    // An IMPLICIT context tag replaces the universal tag of a constructed value whose length stays
    // the same, so the first octet is all that changes.
    private static void WriteRetagged(AsnWriter writer, ReadOnlySpan<byte> encoded, byte tag)
    {
        byte[] copy = encoded.ToArray();
        copy[0] = tag;
        writer.WriteEncodedValue(copy);
    }

    private readonly struct AttributeScope(AsnWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer.PopSetOf();
            writer.PopSequence();
        }
    }
}
