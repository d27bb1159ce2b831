using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// A detached CMS SignedData (a .p7s file) decoded far enough to verify it. SignedCms supplies the
/// signer and its certificates; the raw signed attributes and signature value, which SignedCms does
/// not expose, are read with our own decoder.
/// </summary>
internal sealed class DetachedSignature
{
    /// <summary>The largest .p7s read; real ones, with a chain and a timestamp, stay under 100 KB.</summary>
    public const int MaximumLength = 16 << 20;

    private static readonly Asn1Tag ContextZero = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ContextOne = new(TagClass.ContextSpecific, 1, isConstructed: true);

    private DetachedSignature(SignerInfo signer, X509Certificate2 signerCertificate, X509Certificate2Collection certificates, SignerInfoFields fields)
    {
        Signer = signer;
        SignerCertificate = signerCertificate;
        Certificates = certificates;
        Fields = fields;
    }

    public SignerInfo Signer { get; }

    public X509Certificate2 SignerCertificate { get; }

    /// <summary>The certificates the signature carries, decoded once.</summary>
    public X509Certificate2Collection Certificates { get; }

    public SignerInfoFields Fields { get; }

    public SignerEvidence Evidence => new(Signer, SignerCertificate, Certificates);

    /// <summary>Decodes the bytes of a .p7s file.</summary>
    /// <exception cref="MalformedSignatureException">The bytes are not a detached SignedData with one usable signer.</exception>
    public static DetachedSignature Decode(byte[] encoded)
    {
        try
        {
            return DecodeUnchecked(encoded);
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            throw new MalformedSignatureException($"The detached signature is not valid CMS SignedData: {ex.Message}", ex);
        }
    }

    private static DetachedSignature DecodeUnchecked(byte[] encoded)
    {
        SignerInfoFields fields = ReadFields(encoded);
        if (fields.EncapsulatedContentType != CmsOids.Data)
        {
            throw new MalformedSignatureException($"The signed content has type {fields.EncapsulatedContentType}; a detached signature of a file signs id-data ({CmsOids.Data}).");
        }

        // RFC 5652 §5.1 lists in digestAlgorithms every algorithm a signer uses; openssl rejects a
        // SignedData whose set lacks the signer's, so it is not accepted here either.
        if (!fields.SignedDataDigestAlgorithms.Contains(fields.DigestAlgorithmOid))
        {
            string listed = fields.SignedDataDigestAlgorithms.Count == 0 ? "is empty" : $"lists only {string.Join(", ", fields.SignedDataDigestAlgorithms)}";
            throw new MalformedSignatureException($"The SignedData's digestAlgorithms set {listed}, but the signer digests with {fields.DigestAlgorithmOid}; RFC 5652 §5.1 requires the set to name it.");
        }

        if (fields.HasEncapsulatedContent)
        {
            throw new MalformedSignatureException("The SignedData carries its content, so it is not a detached signature; sign the file with a detached signature (openssl cms -sign without -nodetach).");
        }

        SignedCms cms = new();
        cms.Decode(encoded);
        SignerInfo signer = cms.SignerInfos[0];
        _ = signer.SignedAttributes;
        _ = signer.UnsignedAttributes;
        X509Certificate2Collection certificates = cms.Certificates;
        X509Certificate2 signerCertificate = signer.Certificate
            ?? throw new MalformedSignatureException("The detached signature does not contain its signer's certificate.");
        return new DetachedSignature(signer, signerCertificate, certificates, fields);
    }

    // ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY }   (RFC 5652 §3)
    // SignedData ::= SEQUENCE {                                                       (§5.1)
    //   version CMSVersion, digestAlgorithms SET OF DigestAlgorithmIdentifier,
    //   encapContentInfo EncapsulatedContentInfo,
    //   certificates [0] IMPLICIT CertificateSet OPTIONAL,
    //   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
    //   signerInfos SET OF SignerInfo }
    // EncapsulatedContentInfo ::= SEQUENCE {                                          (§5.2)
    //   eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
    private static SignerInfoFields ReadFields(byte[] encoded)
    {
        AsnReader outer = new(encoded, AsnEncodingRules.BER);
        AsnReader contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        string contentType = contentInfo.ReadObjectIdentifier();
        if (contentType != CmsOids.SignedData)
        {
            throw new MalformedSignatureException($"The file holds CMS content of type {contentType}, not SignedData ({CmsOids.SignedData}).");
        }

        AsnReader signedData = contentInfo.ReadSequence(ContextZero).ReadSequence();
        signedData.ReadInteger();
        List<string> digestAlgorithms = ReadAlgorithmOids(signedData.ReadSetOf());
        AsnReader encapsulated = signedData.ReadSequence();
        string encapsulatedType = encapsulated.ReadObjectIdentifier();
        bool hasContent = encapsulated.HasData;
        SkipOptional(signedData, ContextZero);
        SkipOptional(signedData, ContextOne);

        AsnReader signerInfos = signedData.ReadSetOf();
        if (!signerInfos.HasData)
        {
            throw new MalformedSignatureException("The detached signature has no signer: its signerInfos set is empty, so nothing vouches for the file. Sign the file again.");
        }

        AsnReader signerInfo = signerInfos.ReadSequence();
        if (signerInfos.HasData)
        {
            throw new MalformedSignatureException("The detached signature has more than one signer; exactly one is expected.");
        }

        return ReadSignerInfo(signerInfo, digestAlgorithms, encapsulatedType, hasContent);
    }

    // DigestAlgorithmIdentifiers ::= SET OF DigestAlgorithmIdentifier                 (RFC 5652 §5.1)
    private static List<string> ReadAlgorithmOids(AsnReader set)
    {
        List<string> oids = [];
        while (set.HasData)
        {
            oids.Add(set.ReadSequence().ReadObjectIdentifier());
        }

        return oids;
    }

    // SignerInfo ::= SEQUENCE {                                                       (RFC 5652 §5.3)
    //   version CMSVersion, sid SignerIdentifier,
    //   digestAlgorithm DigestAlgorithmIdentifier,
    //   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
    //   signatureAlgorithm SignatureAlgorithmIdentifier,
    //   signature SignatureValue,
    //   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
    private static SignerInfoFields ReadSignerInfo(AsnReader signerInfo, IReadOnlyList<string> digestAlgorithms, string encapsulatedType, bool hasContent)
    {
        signerInfo.ReadInteger();
        signerInfo.ReadEncodedValue();
        ReadOnlyMemory<byte> digestAlgorithm = signerInfo.ReadEncodedValue();
        ReadOnlyMemory<byte>? signedAttributes = null;
        if (signerInfo.PeekTag().HasSameClassAndValue(ContextZero))
        {
            signedAttributes = signerInfo.ReadEncodedValue();
        }

        ReadOnlyMemory<byte> signatureAlgorithm = signerInfo.ReadEncodedValue();
        byte[] signature = signerInfo.ReadOctetString();
        return new SignerInfoFields(digestAlgorithms, encapsulatedType, hasContent, digestAlgorithm, signedAttributes, signatureAlgorithm, signature);
    }

    private static void SkipOptional(AsnReader reader, Asn1Tag tag)
    {
        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(tag))
        {
            reader.ReadEncodedValue();
        }
    }
}
