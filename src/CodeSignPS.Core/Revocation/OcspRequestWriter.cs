using System.Formats.Asn1;

namespace CodeSignPS.Core.Revocation;

/// <summary>Encodes an unsigned OCSP request for one certificate, with a nonce.</summary>
internal static class OcspRequestWriter
{
    internal const string NonceOid = "1.3.6.1.5.5.7.48.1.2";

    // RFC 6960 §4.1.1 (EXPLICIT tags):
    //
    //   OCSPRequest ::= SEQUENCE {
    //       tbsRequest              TBSRequest,
    //       optionalSignature   [0] EXPLICIT Signature OPTIONAL }
    //   TBSRequest ::= SEQUENCE {
    //       version             [0] EXPLICIT Version DEFAULT v1,
    //       requestorName       [1] EXPLICIT GeneralName OPTIONAL,
    //       requestList             SEQUENCE OF Request,
    //       requestExtensions   [2] EXPLICIT Extensions OPTIONAL }
    //   Request ::= SEQUENCE {
    //       reqCert                     CertID,
    //       singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
    //
    // The nonce (§4.4.1) is an extension whose extnValue wraps an OCTET STRING of the nonce bytes.
    internal static byte[] Write(OcspCertId certId, byte[] nonce)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        certId.Write(writer);
                    }
                }

                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2)))
                using (writer.PushSequence())
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(NonceOid);
                    var inner = new AsnWriter(AsnEncodingRules.DER);
                    inner.WriteOctetString(nonce);
                    writer.WriteOctetString(inner.Encode());
                }
            }
        }

        return writer.Encode();
    }
}
