using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Revocation;

/// <summary>
/// Verifies the signature on an OCSP response and on a delegated responder's certificate.
/// Supported: RSA PKCS#1 v1.5 and ECDSA with SHA-1, SHA-256, SHA-384 or SHA-512; anything else
/// does not verify.
/// </summary>
internal static class OcspSignature
{
    private const string OcspSigningEku = "1.3.6.1.5.5.7.3.9";

    /// <summary>
    /// Returns the certificate that signed <paramref name="response"/>: the issuer itself, or a
    /// delegated responder certificate that carries the OCSP signing EKU, is issued by the issuer,
    /// and is valid at <paramref name="now"/> (RFC 6960 §4.2.2.2). Returns null when neither verifies.
    /// </summary>
    internal static X509Certificate2? FindSigner(OcspBasicResponse response, X509Certificate2 issuer, DateTimeOffset now)
    {
        if (NamesResponder(response, issuer) && Verify(issuer, response.SignatureAlgorithm, response.SignedData.Span, response.Signature))
        {
            return issuer;
        }

        foreach (X509Certificate2 candidate in response.Certificates)
        {
            if (NamesResponder(response, candidate)
                && IsDelegatedBy(candidate, issuer, now)
                && Verify(candidate, response.SignatureAlgorithm, response.SignedData.Span, response.Signature))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool NamesResponder(OcspBasicResponse response, X509Certificate2 certificate)
    {
        if (response.ResponderName is not null)
        {
            return response.ResponderName.AsSpan().SequenceEqual(certificate.SubjectName.RawData);
        }

        byte[] keyHash = SHA1.HashData(certificate.PublicKey.EncodedKeyValue.RawData);
        return response.ResponderKeyHash is not null && response.ResponderKeyHash.AsSpan().SequenceEqual(keyHash);
    }

    private static bool IsDelegatedBy(X509Certificate2 responder, X509Certificate2 issuer, DateTimeOffset now)
    {
        bool hasEku = responder.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(eku => eku.EnhancedKeyUsages.Cast<Oid>().Any(oid => oid.Value == OcspSigningEku));
        if (!hasEku
            || !responder.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)
            || now < responder.NotBefore.ToUniversalTime()
            || now > responder.NotAfter.ToUniversalTime())
        {
            return false;
        }

        // RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
        AsnReader certificate = new AsnReader(responder.RawData, AsnEncodingRules.DER).ReadSequence();
        ReadOnlyMemory<byte> tbs = certificate.ReadEncodedValue();
        ReadOnlyMemory<byte> algorithm = certificate.ReadEncodedValue();
        byte[] signature = certificate.ReadBitString(out _);
        return Verify(issuer, algorithm, tbs.Span, signature);
    }

    // AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
    private static bool Verify(X509Certificate2 signer, ReadOnlyMemory<byte> algorithmIdentifier, ReadOnlySpan<byte> data, byte[] signature)
    {
        string oid = new AsnReader(algorithmIdentifier, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
        (bool isRsa, HashAlgorithmName hash) = oid switch
        {
            "1.2.840.113549.1.1.5" => (true, HashAlgorithmName.SHA1),
            "1.2.840.113549.1.1.11" => (true, HashAlgorithmName.SHA256),
            "1.2.840.113549.1.1.12" => (true, HashAlgorithmName.SHA384),
            "1.2.840.113549.1.1.13" => (true, HashAlgorithmName.SHA512),
            "1.2.840.10045.4.1" => (false, HashAlgorithmName.SHA1),
            "1.2.840.10045.4.3.2" => (false, HashAlgorithmName.SHA256),
            "1.2.840.10045.4.3.3" => (false, HashAlgorithmName.SHA384),
            "1.2.840.10045.4.3.4" => (false, HashAlgorithmName.SHA512),
            _ => (false, default),
        };
        if (hash == default)
        {
            return false;
        }

        if (isRsa)
        {
            using RSA? rsa = signer.GetRSAPublicKey();
            return rsa is not null && rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
        }

        using ECDsa? ecdsa = signer.GetECDsaPublicKey();
        return ecdsa is not null && ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }
}
