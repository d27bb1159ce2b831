using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Revocation;

/// <summary>Decodes an OCSPResponse down to its BasicOCSPResponse; any structural error is an <see cref="AsnContentException"/>.</summary>
internal static class OcspResponseReader
{
    private const string BasicResponseOid = "1.3.6.1.5.5.7.48.1.1";
    private static readonly string[] StatusNames = ["successful", "malformedRequest", "internalError", "tryLater", "(4)", "sigRequired", "unauthorized"];

    // RFC 6960 §4.2.1:
    //
    //   OCSPResponse ::= SEQUENCE {
    //      responseStatus         OCSPResponseStatus,
    //      responseBytes          [0] EXPLICIT ResponseBytes OPTIONAL }
    //   OCSPResponseStatus ::= ENUMERATED { successful (0), malformedRequest (1), internalError (2),
    //      tryLater (3), sigRequired (5), unauthorized (6) }
    //   ResponseBytes ::= SEQUENCE {
    //      responseType   OBJECT IDENTIFIER,
    //      response       OCTET STRING }
    internal static OcspBasicResponse Read(byte[] encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.DER);
        AsnReader response = reader.ReadSequence();
        ThrowIfTrailing(reader);

        int status = ReadSmallEnumerated(response);
        if (status != 0)
        {
            string name = status < StatusNames.Length ? StatusNames[status] : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new RevocationFetchException($"returned the error status {name}");
        }

        AsnReader bytes = response.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        string type = bytes.ReadObjectIdentifier();
        if (type != BasicResponseOid)
        {
            throw new RevocationFetchException($"returned a response of type {type}, not a basic OCSP response");
        }

        return ReadBasic(bytes.ReadOctetString());
    }

    //   BasicOCSPResponse ::= SEQUENCE {
    //      tbsResponseData      ResponseData,
    //      signatureAlgorithm   AlgorithmIdentifier,
    //      signature            BIT STRING,
    //      certs            [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
    //   ResponseData ::= SEQUENCE {
    //      version              [0] EXPLICIT Version DEFAULT v1,
    //      responderID              ResponderID,
    //      producedAt               GeneralizedTime,
    //      responses                SEQUENCE OF SingleResponse,
    //      responseExtensions   [1] EXPLICIT Extensions OPTIONAL }
    //   ResponderID ::= CHOICE {
    //      byName   [1] Name,
    //      byKey    [2] KeyHash }
    private static OcspBasicResponse ReadBasic(byte[] encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.DER);
        AsnReader basic = reader.ReadSequence();
        ThrowIfTrailing(reader);

        ReadOnlyMemory<byte> signedData = basic.PeekEncodedValue();
        AsnReader data = basic.ReadSequence();
        ReadOnlyMemory<byte> algorithm = basic.ReadEncodedValue();
        byte[] signature = basic.ReadBitString(out _);
        List<X509Certificate2> certificates = new();
        if (basic.HasData)
        {
            AsnReader certs = basic.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            while (certs.HasData)
            {
                certificates.Add(new X509Certificate2(certs.ReadEncodedValue().ToArray()));
            }
        }

        if (data.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            data.ReadEncodedValue();
        }

        byte[]? name = null;
        byte[]? keyHash = null;
        Asn1Tag responderTag = data.PeekTag();
        if (responderTag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            name = data.ReadSequence(responderTag).ReadEncodedValue().ToArray();
        }
        else
        {
            keyHash = data.ReadSequence(responderTag).ReadOctetString();
        }

        data.ReadGeneralizedTime();
        List<OcspSingleResponse> responses = new();
        AsnReader list = data.ReadSequence();
        while (list.HasData)
        {
            responses.Add(ReadSingle(list.ReadSequence()));
        }

        byte[]? nonce = data.HasData ? ReadNonce(data.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1))) : null;
        return new OcspBasicResponse(signedData, algorithm, signature, name, keyHash, responses, nonce, certificates);
    }

    //   SingleResponse ::= SEQUENCE {
    //      certID                       CertID,
    //      certStatus                   CertStatus,
    //      thisUpdate                   GeneralizedTime,
    //      nextUpdate         [0]       EXPLICIT GeneralizedTime OPTIONAL,
    //      singleExtensions   [1]       EXPLICIT Extensions OPTIONAL }
    //   CertStatus ::= CHOICE {
    //      good        [0]     IMPLICIT NULL,
    //      revoked     [1]     IMPLICIT RevokedInfo,
    //      unknown     [2]     IMPLICIT UnknownInfo }
    //   RevokedInfo ::= SEQUENCE {
    //      revocationTime              GeneralizedTime,
    //      revocationReason    [0]     EXPLICIT CRLReason OPTIONAL }
    private static OcspSingleResponse ReadSingle(AsnReader single)
    {
        OcspCertId id = OcspCertId.Read(single);
        Asn1Tag statusTag = single.PeekTag();
        OcspCertStatus status = OcspCertStatus.Unknown;
        DateTimeOffset? revokedAt = null;
        int? reason = null;
        switch (statusTag.TagValue)
        {
            case 0 when statusTag.TagClass == TagClass.ContextSpecific:
                single.ReadNull(statusTag);
                status = OcspCertStatus.Good;
                break;
            case 1 when statusTag.TagClass == TagClass.ContextSpecific:
                AsnReader revoked = single.ReadSequence(statusTag);
                status = OcspCertStatus.Revoked;
                revokedAt = revoked.ReadGeneralizedTime();
                if (revoked.HasData)
                {
                    reason = ReadSmallEnumerated(revoked.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)));
                }

                break;
            case 2 when statusTag.TagClass == TagClass.ContextSpecific:
                single.ReadEncodedValue();
                break;
            default:
                throw new AsnContentException($"Unexpected certStatus tag {statusTag}.");
        }

        DateTimeOffset thisUpdate = single.ReadGeneralizedTime();
        DateTimeOffset? nextUpdate = null;
        if (single.HasData && single.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            nextUpdate = single.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadGeneralizedTime();
        }

        return new OcspSingleResponse(id, status, thisUpdate, nextUpdate, revokedAt, reason);
    }

    private static byte[]? ReadNonce(AsnReader extensionsWrapper)
    {
        AsnReader extensions = extensionsWrapper.ReadSequence();
        while (extensions.HasData)
        {
            AsnReader extension = extensions.ReadSequence();
            string oid = extension.ReadObjectIdentifier();
            if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
            {
                extension.ReadBoolean();
            }

            byte[] value = extension.ReadOctetString();
            if (oid == OcspRequestWriter.NonceOid)
            {
                // Some responders put the raw nonce in extnValue instead of a wrapped OCTET STRING.
                var inner = new AsnReader(value, AsnEncodingRules.DER);
                return inner.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString) ? inner.ReadOctetString() : value;
            }
        }

        return null;
    }

    private static void ThrowIfTrailing(AsnReader reader)
    {
        if (reader.HasData)
        {
            throw new AsnContentException("Bytes follow the end of the OCSP response.");
        }
    }

    private static int ReadSmallEnumerated(AsnReader reader)
    {
        ReadOnlySpan<byte> value = reader.ReadEnumeratedBytes().Span;
        if (value.Length > 1 || value[0] > 127)
        {
            throw new AsnContentException("An OCSP status or CRL reason is out of range.");
        }

        return value[0];
    }
}
