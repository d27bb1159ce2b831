using System.Formats.Asn1;
using System.Security.Cryptography;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Checks the signed attributes and the signature value of a detached signature against a content
/// digest computed by streaming the file.
/// </summary>
internal static class DetachedSignatureCheck
{
    /// <summary>
    /// Checks that the signed attributes are complete and consistent with the SignerInfo.
    /// </summary>
    /// <returns>The message digest attribute, or null when the signer has no signed attributes.</returns>
    /// <exception cref="MalformedSignatureException">An attribute is missing, repeated or inconsistent.</exception>
    public static byte[]? ReadMessageDigest(SignerInfoFields fields)
    {
        if (fields.SignedAttributes is not { } encoded)
        {
            return null;
        }

        SignedAttributeValues values = ReadAttributes(encoded);

        // RFC 5652 §5.3: with signed attributes present, content-type and message-digest must be there.
        if (values.ContentType is null || values.MessageDigest is null)
        {
            throw new MalformedSignatureException("The signed attributes lack the content-type or message-digest attribute that RFC 5652 §5.3 requires.");
        }

        if (values.ContentType != fields.EncapsulatedContentType)
        {
            throw new MalformedSignatureException($"The content-type attribute is {values.ContentType} but the signed content has type {fields.EncapsulatedContentType}.");
        }

        if (values.ProtectedDigestAlgorithm is { } digest && digest != fields.DigestAlgorithmOid)
        {
            throw new MalformedSignatureException($"The CMS algorithm protection attribute names digest {digest}, but the signer digests with {fields.DigestAlgorithmOid}.");
        }

        if (values.ProtectedSignatureAlgorithm is { } signature && signature != fields.SignatureAlgorithmOid)
        {
            throw new MalformedSignatureException($"The CMS algorithm protection attribute names signature algorithm {signature}, but the signer uses {fields.SignatureAlgorithmOid}.");
        }

        return values.MessageDigest;
    }

    /// <summary>
    /// Verifies the signature value and returns null, or returns why it fails. With signed
    /// attributes the signature covers their DER SET OF encoding (RFC 5652 §5.4); without them it
    /// covers the content digest itself.
    /// </summary>
    /// <exception cref="MalformedSignatureException">The signature algorithm is not RSA PKCS#1 v1.5 or ECDSA, or does not fit the key.</exception>
    public static string? VerifySignature(SignerInfoFields fields, HashAlgorithmName hashAlgorithm, byte[] contentDigest, AsymmetricAlgorithm? publicKey)
    {
        byte[] signedHash = contentDigest;
        if (fields.SignedAttributes is { } encoded)
        {
            byte[] attributes = encoded.ToArray();
            attributes[0] = 0x31; // The universal SET OF tag, in place of [0] IMPLICIT.
            using IncrementalHash hash = IncrementalHash.CreateHash(hashAlgorithm);
            hash.AppendData(attributes);
            signedHash = hash.GetHashAndReset();
        }

        string algorithm = fields.SignatureAlgorithmOid;
        bool valid = (publicKey, algorithm) switch
        {
            (RSA rsa, CmsOids.RsaEncryption or CmsOids.Sha256WithRsa or CmsOids.Sha384WithRsa or CmsOids.Sha512WithRsa)
                => rsa.VerifyHash(signedHash, fields.Signature, hashAlgorithm, RSASignaturePadding.Pkcs1),
            (ECDsa ecdsa, CmsOids.EcPublicKey or CmsOids.EcdsaWithSha256 or CmsOids.EcdsaWithSha384 or CmsOids.EcdsaWithSha512)
                => ecdsa.VerifyHash(signedHash, fields.Signature, DSASignatureFormat.Rfc3279DerSequence),
            _ => throw new MalformedSignatureException(
                $"The signature algorithm {algorithm} with the signer's {publicKey?.SignatureAlgorithm ?? "unknown"} key is not supported; detached signatures use RSA with PKCS#1 v1.5 padding or ECDSA."),
        };

        return valid ? null : "the signature value does not verify with the signer's public key.";
    }

    // Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }  (RFC 5652 §5.3)
    // The content-type and message-digest attributes must have one value and appear once (§11.1, §11.2).
    private static SignedAttributeValues ReadAttributes(ReadOnlyMemory<byte> encoded)
    {
        SignedAttributeValues values = new();
        HashSet<string> seen = new(StringComparer.Ordinal);
        AsnReader set = new AsnReader(encoded, AsnEncodingRules.BER).ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        while (set.HasData)
        {
            AsnReader attribute = set.ReadSequence();
            string type = attribute.ReadObjectIdentifier();
            AsnReader attributeValues = attribute.ReadSetOf();
            if (!seen.Add(type) && type is CmsOids.ContentType or CmsOids.MessageDigest or CmsOids.AlgorithmProtection)
            {
                throw new MalformedSignatureException($"The signed attribute {type} appears more than once.");
            }

            ReadValue(type, attributeValues, values);
        }

        return values;
    }

    private static void ReadValue(string type, AsnReader attributeValues, SignedAttributeValues values)
    {
        switch (type)
        {
            case CmsOids.ContentType:
                values.ContentType = attributeValues.ReadObjectIdentifier();
                break;
            case CmsOids.MessageDigest:
                values.MessageDigest = attributeValues.ReadOctetString();
                break;
            case CmsOids.AlgorithmProtection:
                ReadAlgorithmProtection(attributeValues.ReadSequence(), values);
                break;
            default:
                return;
        }

        if (attributeValues.HasData)
        {
            throw new MalformedSignatureException($"The signed attribute {type} has more than one value.");
        }
    }

    // CMSAlgorithmProtection ::= SEQUENCE {                    (RFC 6211 §2, IMPLICIT TAGS)
    //   digestAlgorithm DigestAlgorithmIdentifier,
    //   signatureAlgorithm [1] SignatureAlgorithmIdentifier OPTIONAL,
    //   macAlgorithm [2] MessageAuthenticationCodeAlgorithm OPTIONAL }
    private static void ReadAlgorithmProtection(AsnReader protection, SignedAttributeValues values)
    {
        values.ProtectedDigestAlgorithm = protection.ReadSequence().ReadObjectIdentifier();
        Asn1Tag signatureTag = new(TagClass.ContextSpecific, 1, isConstructed: true);
        if (protection.HasData && protection.PeekTag().HasSameClassAndValue(signatureTag))
        {
            values.ProtectedSignatureAlgorithm = protection.ReadSequence(signatureTag).ReadObjectIdentifier();
        }
    }

    private sealed class SignedAttributeValues
    {
        public string? ContentType { get; set; }

        public byte[]? MessageDigest { get; set; }

        public string? ProtectedDigestAlgorithm { get; set; }

        public string? ProtectedSignatureAlgorithm { get; set; }
    }
}
