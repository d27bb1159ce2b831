using System.Formats.Asn1;
using System.Security.Cryptography;
using CodeSignPS.Core.Authenticode;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Checks the signer's signature of an Authenticode SignedData with a public key the caller already
/// holds. SignerInfo.CheckSignature would decode the certificates and import the key again for
/// every file; a batch signed by one key imports it once.
/// </summary>
internal static class SignerInfoCheck
{
    private const string ContentTypeOid = "1.2.840.113549.1.9.3";
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";

    private static readonly Asn1Tag ExplicitZero = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ImplicitZero = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ImplicitOne = new(TagClass.ContextSpecific, 1, isConstructed: true);

    /// <summary>
    /// Verifies the signer's signature and returns null, or returns why it fails. Sets
    /// <paramref name="supported"/> to false, and returns null, for signature algorithms it leaves to
    /// SignedCms (RSASSA-PSS, for one).
    /// </summary>
    /// <exception cref="CryptographicException">The SignedData cannot be decoded.</exception>
    public static string? Verify(byte[] encoded, ReadOnlyMemory<byte> content, AsymmetricAlgorithm publicKey, out bool supported)
    {
        try
        {
            return VerifyUnchecked(encoded, content, publicKey, out supported);
        }
        catch (AsnContentException ex)
        {
            throw new CryptographicException($"The signer info cannot be decoded: {ex.Message}", ex);
        }
    }

    private static string? VerifyUnchecked(byte[] encoded, ReadOnlyMemory<byte> content, AsymmetricAlgorithm publicKey, out bool supported)
    {
        SignerInfoParts parts = Read(encoded);
        HashAlgorithmName hashAlgorithm = AuthenticodeOids.TryGetHashAlgorithm(parts.DigestAlgorithmOid)
            ?? throw new CryptographicException($"The signer's digest algorithm {parts.DigestAlgorithmOid} is not supported.");
        supported = true;

        string? attributeFailure = CheckAttributes(parts.SignedAttributes, content, hashAlgorithm);
        if (attributeFailure is not null)
        {
            return attributeFailure;
        }

        // RFC 2315 §9.3: the signature covers the DER of the attributes with the SET OF tag, not [0].
        byte[] signedBytes = parts.SignedAttributes.ToArray();
        signedBytes[0] = 0x31;
        byte[] hash = HashData(hashAlgorithm, signedBytes);

        bool? valid = (publicKey, SignatureKind(parts.SignatureAlgorithmOid)) switch
        {
            (RSA rsa, "rsa") => rsa.VerifyHash(hash, parts.Signature.Span, hashAlgorithm, RSASignaturePadding.Pkcs1),
            (ECDsa ecdsa, "ecdsa") => ecdsa.VerifyHash(hash, parts.Signature.Span, DSASignatureFormat.Rfc3279DerSequence),
            _ => null,
        };

        if (valid is null)
        {
            supported = false;
            return null;
        }

        return valid.Value ? null : "the signature value does not verify with the signer's public key.";
    }

    // SignerInfo ::= SEQUENCE {                                  (RFC 2315 §9.2)
    //   version Version,
    //   issuerAndSerialNumber IssuerAndSerialNumber,             (or [0] SubjectKeyIdentifier, RFC 5652)
    //   digestAlgorithm DigestAlgorithmIdentifier,
    //   authenticatedAttributes [0] IMPLICIT Attributes OPTIONAL,
    //   digestEncryptionAlgorithm DigestEncryptionAlgorithmIdentifier,
    //   encryptedDigest EncryptedDigest,
    //   unauthenticatedAttributes [1] IMPLICIT Attributes OPTIONAL }
    private static SignerInfoParts Read(byte[] encoded)
    {
        AsnReader contentInfo = new AsnReader(encoded, AsnEncodingRules.BER).ReadSequence();
        contentInfo.ReadObjectIdentifier();
        AsnReader signedData = contentInfo.ReadSequence(ExplicitZero).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf();
        signedData.ReadSequence();
        SkipOptional(signedData, ImplicitZero);
        SkipOptional(signedData, ImplicitOne);

        AsnReader signerInfo = signedData.ReadSetOf().ReadSequence();
        signerInfo.ReadInteger();
        signerInfo.ReadEncodedValue();
        string digestAlgorithm = signerInfo.ReadSequence().ReadObjectIdentifier();
        if (!signerInfo.PeekTag().HasSameClassAndValue(ImplicitZero))
        {
            throw new CryptographicException("The signer info has no authenticated attributes; Authenticode requires them.");
        }

        ReadOnlyMemory<byte> attributes = signerInfo.ReadEncodedValue();
        string signatureAlgorithm = signerInfo.ReadSequence().ReadObjectIdentifier();
        byte[] signature = signerInfo.ReadOctetString();
        return new SignerInfoParts(digestAlgorithm, attributes, signatureAlgorithm, signature);
    }

    private static void SkipOptional(AsnReader reader, Asn1Tag tag)
    {
        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(tag))
        {
            reader.ReadEncodedValue();
        }
    }

    // Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET OF ANY }. The content type must be
    // SpcIndirectDataContent and the message digest must be the digest of its value octets.
    private static string? CheckAttributes(ReadOnlyMemory<byte> attributes, ReadOnlyMemory<byte> content, HashAlgorithmName hashAlgorithm)
    {
        string? contentType = null;
        byte[]? messageDigest = null;
        AsnReader set = new AsnReader(attributes, AsnEncodingRules.BER).ReadSetOf(ImplicitZero);
        while (set.HasData)
        {
            AsnReader attribute = set.ReadSequence();
            string type = attribute.ReadObjectIdentifier();
            AsnReader values = attribute.ReadSetOf();
            if (type == ContentTypeOid)
            {
                contentType = values.ReadObjectIdentifier();
            }
            else if (type == MessageDigestOid)
            {
                messageDigest = values.ReadOctetString();
            }
        }

        if (contentType != AuthenticodeOids.SpcIndirectData)
        {
            return $"the signed content type attribute is {contentType ?? "missing"}, not SpcIndirectDataContent.";
        }

        AsnDecoder.ReadSequence(content.Span, AsnEncodingRules.BER, out int offset, out int length, out _);
        byte[] expected = HashData(hashAlgorithm, content.Span.Slice(offset, length));
        return messageDigest is not null && CryptographicOperations.FixedTimeEquals(expected, messageDigest)
            ? null
            : "the message digest attribute does not match the signed indirect data.";
    }

    private static string SignatureKind(string oid) => oid switch
    {
        "1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.5" or "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13" => "rsa",
        "1.2.840.10045.2.1" or "1.2.840.10045.4.1" or "1.2.840.10045.4.3.2" or "1.2.840.10045.4.3.3" or "1.2.840.10045.4.3.4" => "ecdsa",
        _ => "other",
    };

    private static byte[] HashData(HashAlgorithmName hashAlgorithm, ReadOnlySpan<byte> data)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(hashAlgorithm);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    private sealed record SignerInfoParts(string DigestAlgorithmOid, ReadOnlyMemory<byte> SignedAttributes, string SignatureAlgorithmOid, ReadOnlyMemory<byte> Signature);
}
