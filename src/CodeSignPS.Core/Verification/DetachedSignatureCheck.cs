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
    /// Checks that a signature algorithm that names a hash (sha256WithRSAEncryption,
    /// ecdsa-with-SHA256 and the like) names the signer's digest algorithm, as RFC 5754 §3 expects.
    /// Without this check an ECDSA signature made over a SHA-256 hash would be verified with the
    /// SHA-512 digest the signer declares, and the two algorithm fields would disagree silently.
    /// </summary>
    /// <exception cref="MalformedSignatureException">The two algorithms name different hashes.</exception>
    public static void CheckSignatureAlgorithm(SignerInfoFields fields, HashAlgorithmName hashAlgorithm)
    {
        string algorithm = fields.SignatureAlgorithmOid;
        HashAlgorithmName? named = algorithm switch
        {
            CmsOids.Sha256WithRsa or CmsOids.EcdsaWithSha256 => HashAlgorithmName.SHA256,
            CmsOids.Sha384WithRsa or CmsOids.EcdsaWithSha384 => HashAlgorithmName.SHA384,
            CmsOids.Sha512WithRsa or CmsOids.EcdsaWithSha512 => HashAlgorithmName.SHA512,
            _ => null,
        };
        if (named is { } hash && hash != hashAlgorithm)
        {
            throw new MalformedSignatureException(
                $"The signature algorithm {algorithm} signs a {hash.Name} hash, but the signer's digest algorithm is {hashAlgorithm.Name}; both must name the same hash.");
        }
    }

    /// <summary>
    /// Checks that the signed attributes are complete and consistent with the SignerInfo.
    /// </summary>
    /// <returns>The message digest attribute, or null when the signer has no signed attributes.</returns>
    /// <exception cref="MalformedSignatureException">An attribute is missing, repeated, badly encoded or inconsistent, or the message digest does not have the length of a <paramref name="hashAlgorithm"/> digest.</exception>
    public static byte[]? ReadMessageDigest(SignerInfoFields fields, HashAlgorithmName hashAlgorithm)
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

        // A digest of the wrong length can never match, and the mismatch is the signature's fault,
        // not a sign that the file changed.
        int expectedLength = AuthenticodeOids.GetDigestLength(hashAlgorithm);
        if (values.MessageDigest.Length != expectedLength)
        {
            throw new MalformedSignatureException(
                $"The message-digest attribute has {values.MessageDigest.Length} bytes, but a {hashAlgorithm.Name} digest has {expectedLength}.");
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
        try
        {
            ReadKnownValue(type, attributeValues, values);
        }
        catch (AsnContentException ex)
        {
            string expected = type switch
            {
                CmsOids.ContentType => "the content-type attribute, an OBJECT IDENTIFIER",
                CmsOids.MessageDigest => "the message-digest attribute, an OCTET STRING",
                _ => "the CMS algorithm protection attribute, a SEQUENCE of algorithm identifiers",
            };
            throw new MalformedSignatureException($"The value of {expected}, could not be decoded: {ex.Message}", ex);
        }
    }

    private static void ReadKnownValue(string type, AsnReader attributeValues, SignedAttributeValues values)
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
