using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Tests.TestSupport;

/// <summary>
/// Builds a granted TimeStampResp for a timestamp query. Its token matches the request (nonce and
/// imprint) and has only the flaw that a test requests.
/// </summary>
internal static class HostileTokenWriter
{
    private const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";
    private const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";

    /// <param name="tsa">The TSA certificate, with the private key that signs the token.</param>
    /// <param name="genTime">The time the token states, or the current time when null.</param>
    /// <param name="namedCertificate">The certificate that the ESSCertIDv2 attribute names, or <paramref name="tsa"/> when null.</param>
    /// <param name="omitSigningCertificate">Whether to leave out the signing certificate attribute.</param>
    public static byte[] Reply(byte[] query, X509Certificate2 tsa, DateTimeOffset? genTime = null, X509Certificate2? namedCertificate = null, bool omitSigningCertificate = false)
    {
        if (!Rfc3161TimestampRequest.TryDecode(query, out Rfc3161TimestampRequest? request, out _))
        {
            throw new InvalidOperationException("The client sent something that is not a TimeStampReq.");
        }

        Rfc3161TimestampTokenInfo info = new(
            new Oid("1.2.3.4.99"),
            request.HashAlgorithmId,
            request.GetMessageHash(),
            TestTimestampAuthority.PositiveSerialNumber(),
            genTime ?? DateTimeOffset.UtcNow,
            nonce: request.GetNonce());
        SignedCms cms = new(new ContentInfo(new Oid(TstInfoOid), info.Encode()));
        CmsSigner signer = new(SubjectIdentifierType.IssuerAndSerialNumber, tsa)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        if (!omitSigningCertificate)
        {
            signer.SignedAttributes.Add(new AsnEncodedData(SigningCertificateV2Oid, EncodeSigningCertificateV2(namedCertificate ?? tsa)));
        }

        cms.ComputeSignature(signer, silent: true);

        // TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
            }

            writer.WriteEncodedValue(cms.Encode());
        }

        return ScriptedHttpServer.Response(200, "application/timestamp-reply", writer.Encode());
    }

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
