using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>Checks whether a certificate is signed by its own key.</summary>
/// <remarks>
/// .NET has no public call that verifies one certificate's signature with a given key, and a chain
/// build with the certificate as its own anchor does not always check a root's self-signature, so
/// the signature is verified here directly. Supported: RSA PKCS#1 v1.5 and ECDSA with SHA-1, SHA-256,
/// SHA-384 or SHA-512, and RSA-PSS with any of those digests whose salt length equals the
/// digest length (the only length .NET verifies). Any other algorithm returns false.
/// </remarks>
internal static class SelfSignature
{
    private const string RsaPssOid = "1.2.840.113549.1.1.10";

    internal static bool IsSelfSigned(X509Certificate2 certificate)
    {
        if (!certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
        {
            return false;
        }

        try
        {
            return VerifyOwnSignature(certificate);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    // RFC 5280, section 4.1:
    //
    //   Certificate ::= SEQUENCE {
    //        tbsCertificate       TBSCertificate,
    //        signatureAlgorithm   AlgorithmIdentifier,
    //        signatureValue       BIT STRING }
    //
    //   AlgorithmIdentifier ::= SEQUENCE {
    //        algorithm            OBJECT IDENTIFIER,
    //        parameters           ANY DEFINED BY algorithm OPTIONAL }
    private static bool VerifyOwnSignature(X509Certificate2 certificate)
    {
        var reader = new AsnReader(certificate.RawData, AsnEncodingRules.DER);
        AsnReader outer = reader.ReadSequence();
        ReadOnlyMemory<byte> signedData = outer.ReadEncodedValue();
        AsnReader algorithm = outer.ReadSequence();
        byte[] signature = outer.ReadBitString(out int unusedBits);

        if (unusedBits != 0)
        {
            return false;
        }

        string algorithmOid = algorithm.ReadObjectIdentifier();
        if (algorithmOid == RsaPssOid)
        {
            return VerifyRsaPss(certificate, signedData.Span, signature, algorithm);
        }

        return algorithmOid switch
        {
            "1.2.840.113549.1.1.5" => VerifyRsa(certificate, signedData.Span, signature, HashAlgorithmName.SHA1),
            "1.2.840.113549.1.1.11" => VerifyRsa(certificate, signedData.Span, signature, HashAlgorithmName.SHA256),
            "1.2.840.113549.1.1.12" => VerifyRsa(certificate, signedData.Span, signature, HashAlgorithmName.SHA384),
            "1.2.840.113549.1.1.13" => VerifyRsa(certificate, signedData.Span, signature, HashAlgorithmName.SHA512),
            "1.2.840.10045.4.1" => VerifyEcdsa(certificate, signedData.Span, signature, HashAlgorithmName.SHA1),
            "1.2.840.10045.4.3.2" => VerifyEcdsa(certificate, signedData.Span, signature, HashAlgorithmName.SHA256),
            "1.2.840.10045.4.3.3" => VerifyEcdsa(certificate, signedData.Span, signature, HashAlgorithmName.SHA384),
            "1.2.840.10045.4.3.4" => VerifyEcdsa(certificate, signedData.Span, signature, HashAlgorithmName.SHA512),
            _ => false,
        };
    }

    private static bool VerifyRsa(X509Certificate2 certificate, ReadOnlySpan<byte> data, byte[] signature, HashAlgorithmName hash)
    {
        using RSA? key = certificate.GetRSAPublicKey();
        return key is not null && key.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
    }

    private static bool VerifyEcdsa(X509Certificate2 certificate, ReadOnlySpan<byte> data, byte[] signature, HashAlgorithmName hash)
    {
        using ECDsa? key = certificate.GetECDsaPublicKey();
        return key is not null && key.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    // RFC 4055, section 3.1:
    //
    //   RSASSA-PSS-params ::= SEQUENCE {
    //        hashAlgorithm      [0] HashAlgorithm    DEFAULT sha1Identifier,
    //        maskGenAlgorithm   [1] MaskGenAlgorithm DEFAULT mgf1SHA1Identifier,
    //        saltLength         [2] INTEGER          DEFAULT 20,
    //        trailerField       [3] TrailerField     DEFAULT trailerFieldBC }
    //
    // .NET verifies PSS only with MGF1 over the same digest and a salt as long as the digest, so a
    // signature made with other parameters fails verification and the certificate counts as not
    // self-signed. Only the digest is read from the parameters.
    private static bool VerifyRsaPss(X509Certificate2 certificate, ReadOnlySpan<byte> data, byte[] signature, AsnReader algorithm)
    {
        AsnReader parameters = algorithm.ReadSequence();
        HashAlgorithmName hash = HashAlgorithmName.SHA1;

        if (parameters.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            AsnReader hashAlgorithm = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            hash = hashAlgorithm.ReadObjectIdentifier() switch
            {
                "1.3.14.3.2.26" => HashAlgorithmName.SHA1,
                "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
                "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
                "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
                _ => default,
            };
        }

        if (hash == default)
        {
            return false;
        }

        using RSA? key = certificate.GetRSAPublicKey();
        return key is not null && key.VerifyData(data, signature, hash, RSASignaturePadding.Pss);
    }
}
