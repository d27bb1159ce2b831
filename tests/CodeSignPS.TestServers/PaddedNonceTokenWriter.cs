using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.TestServers;

/// <summary>
/// Signs tokens whose TSTInfo encodes the nonce with a redundant leading 0x00 byte. The value equals
/// the request's nonce, but the bytes differ, which openssl cannot be made to write.
/// </summary>
public sealed class PaddedNonceTokenWriter
{
    private const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";
    private const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    private const string PolicyOid = "1.3.6.1.4.1.99999.2";

    private readonly X509Certificate2 _tsaCertificate;

    public PaddedNonceTokenWriter(X509Certificate2 tsaCertificate)
    {
        _tsaCertificate = tsaCertificate;
    }

    /// <summary>Returns a granted TimeStampResp for <paramref name="query"/> with the padded nonce.</summary>
    public byte[] Reply(byte[] query)
    {
        if (!Rfc3161TimestampRequest.TryDecode(query, out Rfc3161TimestampRequest? request, out _))
        {
            return TimestampResponseWriter.Rejection("The query is not a TimeStampReq.");
        }

        ReadOnlyMemory<byte> nonce = request.GetNonce() ?? ReadOnlyMemory<byte>.Empty;
        byte[] padded = new byte[nonce.Length + 1];
        nonce.Span.CopyTo(padded.AsSpan(1));

        byte[] tstInfo = EncodeTstInfo(request, padded);
        SignedCms cms = new(new ContentInfo(new Oid(TstInfoOid), tstInfo));
        CmsSigner signer = new(SubjectIdentifierType.IssuerAndSerialNumber, _tsaCertificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new AsnEncodedData(SigningCertificateV2Oid, EncodeSigningCertificateV2(_tsaCertificate)));
        cms.ComputeSignature(signer, silent: true);
        return TimestampResponseWriter.Granted(cms.Encode());
    }

    // RFC 3161 §2.4.2 TSTInfo (version, policy, messageImprint, serialNumber, genTime, ..., nonce).
    private static byte[] EncodeTstInfo(Rfc3161TimestampRequest request, byte[] paddedNonce)
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            writer.WriteObjectIdentifier(PolicyOid);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(request.HashAlgorithmId.Value!);
                }

                writer.WriteOctetString(request.GetMessageHash().Span);
            }

            writer.WriteInteger(RandomNumberGenerator.GetInt32(1, int.MaxValue));
            writer.WriteGeneralizedTime(DateTimeOffset.UtcNow, omitFractionalSeconds: true);

            // WriteInteger rejects a redundant leading byte, so the INTEGER is written as raw TLV.
            byte[] nonce = new byte[paddedNonce.Length + 2];
            nonce[0] = 0x02;
            nonce[1] = checked((byte)paddedNonce.Length);
            paddedNonce.CopyTo(nonce, 2);
            writer.WriteEncodedValue(nonce);
        }

        return writer.Encode();
    }

    // RFC 5035 §3: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, ... }
    //              ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, ... }
    private static byte[] EncodeSigningCertificateV2(X509Certificate2 certificate)
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
        }

        return writer.Encode();
    }
}
