using System.Formats.Asn1;
using System.Security.Cryptography;

namespace CodeSignPS.Core.Signing;

/// <summary>
/// Rewrites a detached CMS SignedData, as SignedCms writes it, into the PKCS#7 version 1 shape that
/// Authenticode readers (WinVerifyTrust, osslsigncode) expect.
/// </summary>
/// <remarks>
/// SignedCms always wraps non-data content in an OCTET STRING (RFC 5652 §5.2) and then writes
/// version 3. Authenticode follows PKCS#7 v1.5, where the content is the SpcIndirectDataContent
/// itself and the message digest covers its value octets without the outer tag and length.
/// Signing detached over those value octets gives the right message digest; this class then puts
/// the content back in place. Only the outer SignedData changes, and the signature covers only
/// the signed attributes, so the signature stays valid.
/// </remarks>
internal static class Pkcs7Reshaper
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";

    private static readonly Asn1Tag ExplicitZero = new(TagClass.ContextSpecific, 0, isConstructed: true);

    // RFC 2315 §7 and §9.1:
    //   ContentInfo ::= SEQUENCE {
    //     contentType ContentType,
    //     content [0] EXPLICIT ANY DEFINED BY contentType OPTIONAL }
    //   SignedData ::= SEQUENCE {
    //     version Version,
    //     digestAlgorithms DigestAlgorithmIdentifiers,
    //     contentInfo ContentInfo,
    //     certificates [0] IMPLICIT ExtendedCertificatesAndCertificates OPTIONAL,
    //     crls [1] IMPLICIT CertificateRevocationLists OPTIONAL,
    //     signerInfos SignerInfos }

    /// <summary>
    /// Returns <paramref name="detachedCms"/> with version 1 and <paramref name="content"/> (a complete
    /// DER value, tag included) as the encapsulated content of type <paramref name="contentType"/>.
    /// </summary>
    public static byte[] Attach(ReadOnlyMemory<byte> detachedCms, string contentType, ReadOnlySpan<byte> content)
    {
        AsnReader outer = new AsnReader(detachedCms, AsnEncodingRules.BER).ReadSequence();
        if (outer.ReadObjectIdentifier() != SignedDataOid)
        {
            throw new CryptographicException("The CMS message is not SignedData.");
        }

        AsnReader signedData = outer.ReadSequence(ExplicitZero).ReadSequence();
        signedData.ReadInteger();
        ReadOnlyMemory<byte> digestAlgorithms = signedData.ReadEncodedValue();
        signedData.ReadSequence();

        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignedDataOid);
            using (writer.PushSequence(ExplicitZero))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                writer.WriteEncodedValue(digestAlgorithms.Span);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(contentType);
                    using (writer.PushSequence(ExplicitZero))
                    {
                        writer.WriteEncodedValue(content);
                    }
                }

                // Certificates, CRLs and signer infos are copied as they are.
                while (signedData.HasData)
                {
                    writer.WriteEncodedValue(signedData.ReadEncodedValue().Span);
                }
            }
        }

        return writer.Encode();
    }
}
