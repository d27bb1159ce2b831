using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>
/// Decides whether a CA issued a certificate, before the CA's CRL lists it. Names alone are not
/// enough: two CAs may share a name, and revoking the other CA's serial number on this CA's CRL would
/// revoke whichever of this CA's certificates happens to carry that number.
/// </summary>
internal static class CrlIssuedCertificateCheck
{
    /// <summary>
    /// Returns null when <paramref name="issuer"/> issued <paramref name="certificate"/>: the issuer
    /// name matches, the authority key identifier matches the subject key identifier when both are
    /// present, and the certificate's signature verifies with the issuer's public key. Otherwise the reason.
    /// </summary>
    public static string? WhyNotIssued(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        if (!IssuerNames.AreEqual(certificate.IssuerName, issuer.SubjectName))
        {
            return $"its issuer is '{certificate.Issuer}'";
        }

        string? authorityKeyId = AuthorityKeyIdentifier(certificate);
        string? subjectKeyId = issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifier;
        if (authorityKeyId is not null && subjectKeyId is not null && !authorityKeyId.Equals(subjectKeyId, StringComparison.OrdinalIgnoreCase))
        {
            return $"its authority key identifier {authorityKeyId} differs from the CA's subject key identifier {subjectKeyId}, so another CA of the same name issued it";
        }

        try
        {
            return VerifySignature(certificate, issuer);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return $"its signature could not be read: {ex.Message}";
        }
    }

    private static string? AuthorityKeyIdentifier(X509Certificate2 certificate)
    {
        X509AuthorityKeyIdentifierExtension? extension = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault();
        return extension?.KeyIdentifier is { } keyId ? Convert.ToHexString(keyId.Span) : null;
    }

    // RFC 5280 §4.1:
    //   Certificate ::= SEQUENCE {
    //        tbsCertificate       TBSCertificate,
    //        signatureAlgorithm   AlgorithmIdentifier,
    //        signatureValue       BIT STRING }
    //   AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
    private static string? VerifySignature(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        AsnReader outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        ReadOnlyMemory<byte> signed = outer.ReadEncodedValue();
        AsnReader algorithm = outer.ReadSequence();
        string algorithmOid = algorithm.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : null;
        byte[] signature = outer.ReadBitString(out int unusedBits);
        if (unusedBits != 0)
        {
            return "its signatureValue has unused bits";
        }

        string? failure = CrlSignature.Verify("certificate", signed.Span, algorithmOid, parameters, signature, issuer);
        return failure is null ? null : $"its signature does not verify with the CA's key ({failure})";
    }
}
