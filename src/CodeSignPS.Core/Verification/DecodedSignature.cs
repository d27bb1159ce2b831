using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;

namespace CodeSignPS.Core.Verification;

/// <summary>An Authenticode signature decoded far enough to verify it.</summary>
internal sealed class DecodedSignature
{
    private DecodedSignature(byte[] encoded, SignedCms cms, SignerInfo signer, X509Certificate2Collection certificates, X509Certificate2 signerCertificate, SpcIndirectDataContent indirectData)
    {
        Encoded = encoded;
        Cms = cms;
        Certificates = certificates;
        Signer = signer;
        SignerCertificate = signerCertificate;
        IndirectData = indirectData;
    }

    /// <summary>The DER ContentInfo as it was in the file.</summary>
    public byte[] Encoded { get; }

    public SignedCms Cms { get; }

    public SignerInfo Signer { get; }

    /// <summary>
    /// The certificates the signature carries, decoded once: every read of SignedCms.Certificates
    /// decodes them again.
    /// </summary>
    public X509Certificate2Collection Certificates { get; }

    public X509Certificate2 SignerCertificate { get; }

    public SpcIndirectDataContent IndirectData { get; }

    /// <summary>Decodes the DER ContentInfo of a signature block.</summary>
    /// <param name="certificateCache">Where the carried certificates are decoded, so that files signed by one certificate share its instance.</param>
    /// <exception cref="MalformedSignatureException">The bytes are not a usable Authenticode signature.</exception>
    public static DecodedSignature Decode(byte[] signature, DecodedCertificateCache certificateCache)
    {
        try
        {
            return DecodeUnchecked(signature, certificateCache);
        }
        catch (AsnContentException ex)
        {
            throw new MalformedSignatureException($"The signature is not valid PKCS#7 SignedData: {ex.Message}", ex);
        }
        catch (CryptographicException ex)
        {
            // SignedCms decodes signer infos, attributes and certificates lazily, so damage in any
            // of them surfaces on first access rather than in Decode.
            throw new MalformedSignatureException($"The signature is not valid PKCS#7 SignedData: {ex.Message}", ex);
        }
    }

    private static DecodedSignature DecodeUnchecked(byte[] signature, DecodedCertificateCache certificateCache)
    {
        SignedCms cms = new();
        cms.Decode(signature);
        if (cms.ContentInfo.ContentType.Value != AuthenticodeOids.SpcIndirectData)
        {
            throw new MalformedSignatureException(
                $"The signed content has type {cms.ContentInfo.ContentType.Value}; an Authenticode signature signs SpcIndirectDataContent ({AuthenticodeOids.SpcIndirectData}).");
        }

        if (cms.SignerInfos.Count != 1)
        {
            throw new MalformedSignatureException($"The signature has {cms.SignerInfos.Count} signers; Authenticode requires exactly one.");
        }

        SignerInfo signer = cms.SignerInfos[0];
        _ = signer.SignedAttributes;
        _ = signer.UnsignedAttributes;
        X509Certificate2Collection certificates = ReadCertificates(signature, certificateCache);
        X509Certificate2 signerCertificate = FindSignerCertificate(signer.SignerIdentifier, certificates)
            ?? throw new MalformedSignatureException("The signature does not contain its signer's certificate.");
        SpcIndirectDataContent indirectData = SpcIndirectDataContent.Decode(cms.ContentInfo.Content);
        return new DecodedSignature(signature, cms, signer, certificates, signerCertificate, indirectData);
    }

    // The same certificates that SignedCms.Certificates returns: each CertificateChoices element that
    // is a Certificate (a universal SEQUENCE), in order, skipping the attribute certificate choices.
    // SignedCms.Certificates would decode every certificate again on each read and for each file.
    //   ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT SignedData }       (RFC 5652 §3)
    //   SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE,
    //     certificates [0] IMPLICIT CertificateSet OPTIONAL, ... }                       (§5.1)
    private static X509Certificate2Collection ReadCertificates(byte[] signature, DecodedCertificateCache certificateCache)
    {
        var certificates = new X509Certificate2Collection();
        AsnReader contentInfo = new AsnReader(signature, AsnEncodingRules.BER).ReadSequence();
        contentInfo.ReadObjectIdentifier();
        AsnReader signedData = contentInfo.ReadSequence(ContextZero).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf();
        signedData.ReadSequence();
        if (!signedData.HasData || !signedData.PeekTag().HasSameClassAndValue(ContextZero))
        {
            return certificates;
        }

        AsnReader set = signedData.ReadSetOf(ContextZero);
        while (set.HasData)
        {
            Asn1Tag tag = set.PeekTag();
            ReadOnlyMemory<byte> choice = set.ReadEncodedValue();
            if (tag.HasSameClassAndValue(Asn1Tag.Sequence))
            {
                certificates.Add(certificateCache.Get(choice));
            }
        }

        return certificates;
    }

    private static readonly Asn1Tag ContextZero = new(TagClass.ContextSpecific, 0, isConstructed: true);

    private static X509Certificate2? FindSignerCertificate(SubjectIdentifier identifier, X509Certificate2Collection certificates)
    {
        foreach (X509Certificate2 certificate in certificates)
        {
            bool matches = identifier.Type switch
            {
                SubjectIdentifierType.IssuerAndSerialNumber when identifier.Value is System.Security.Cryptography.Xml.X509IssuerSerial issuerSerial =>
                    string.Equals(certificate.SerialNumber, issuerSerial.SerialNumber, StringComparison.OrdinalIgnoreCase)
                    && certificate.IssuerName.Name == issuerSerial.IssuerName,
                SubjectIdentifierType.SubjectKeyIdentifier when identifier.Value is string keyIdentifier =>
                    certificate.Extensions["2.5.29.14"] is X509SubjectKeyIdentifierExtension extension
                    && string.Equals(extension.SubjectKeyIdentifier, keyIdentifier, StringComparison.OrdinalIgnoreCase),
                _ => false,
            };
            if (matches)
            {
                return certificate;
            }
        }

        return null;
    }

    /// <summary>The signer, its certificate and the carried certificates, for the checks after integrity.</summary>
    public SignerEvidence Evidence => new(Signer, SignerCertificate, Certificates);
}
