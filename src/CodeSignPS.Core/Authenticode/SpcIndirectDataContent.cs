using System.Formats.Asn1;
using System.Security.Cryptography;
using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Authenticode;

/// <summary>
/// The content that an Authenticode SignedData signs (content type
/// <see cref="AuthenticodeOids.SpcIndirectData"/>): a description of the signed file and its digest.
/// </summary>
public sealed class SpcIndirectDataContent
{
    private SpcIndirectDataContent(SpcAttributeTypeAndOptionalValue data, DigestInfo messageDigest)
    {
        Data = data;
        MessageDigest = messageDigest;
    }

    /// <summary>What was signed: a type OID and its value.</summary>
    public SpcAttributeTypeAndOptionalValue Data { get; }

    /// <summary>The digest algorithm and the digest of the file.</summary>
    public DigestInfo MessageDigest { get; }

    /// <summary>Type OID of <see cref="Data"/>, for example <see cref="AuthenticodeOids.SpcSipInfo"/>.</summary>
    public string DataTypeOid => Data.TypeOid;

    /// <summary>DER encoding of the data value, or null when the signature has none.</summary>
    public byte[]? EncodedValue => Data.EncodedValue;

    /// <summary>OID of the digest algorithm.</summary>
    public string DigestAlgorithmOid => MessageDigest.AlgorithmOid;

    /// <summary>The digest algorithm, or null when <see cref="DigestAlgorithmOid"/> is unknown.</summary>
    public HashAlgorithmName? HashAlgorithm => MessageDigest.HashAlgorithm;

    /// <summary>The Authenticode digest of the signed file.</summary>
    public byte[] Digest => MessageDigest.Digest;

    // Microsoft's Authenticode PE specification ("Windows Authenticode Portable Executable Signature
    // Format", version 1.0, section "SpcIndirectDataContent"), repeated in [MS-OSHARED] 2.3.2.4.3.1:
    //
    //   SpcIndirectDataContent ::= SEQUENCE {
    //       data                    SpcAttributeTypeAndOptionalValue,
    //       messageDigest           DigestInfo
    //   } --#public--
    //
    // The result is the whole DER SEQUENCE, the value SignedCms reports as ContentInfo.Content.

    /// <summary>Encodes an SpcIndirectDataContent as DER.</summary>
    /// <param name="dataTypeOid">Type OID of the data, for example <see cref="AuthenticodeOids.SpcSipInfo"/>.</param>
    /// <param name="encodedValue">DER encoding of the data value; empty to leave the value out.</param>
    /// <param name="hashAlgorithm">Algorithm that produced <paramref name="digest"/>.</param>
    /// <param name="digest">The Authenticode digest of the file.</param>
    /// <exception cref="ArgumentException">The algorithm is unsupported or the digest length does not match it.</exception>
    public static byte[] Encode(string dataTypeOid, ReadOnlySpan<byte> encodedValue, HashAlgorithmName hashAlgorithm, ReadOnlySpan<byte> digest)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataTypeOid);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence();
        SpcAttributeTypeAndOptionalValue.Write(writer, dataTypeOid, encodedValue);
        DigestInfo.Write(writer, hashAlgorithm, digest);
        writer.PopSequence();
        return writer.Encode();
    }

    /// <summary>Decodes a DER SpcIndirectDataContent, for example SignedCms.ContentInfo.Content.</summary>
    /// <exception cref="MalformedSignatureException">The bytes are not one DER SpcIndirectDataContent.</exception>
    public static SpcIndirectDataContent Decode(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.DER);
            AsnReader sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();

            SpcAttributeTypeAndOptionalValue data = SpcAttributeTypeAndOptionalValue.Read(sequence);
            DigestInfo messageDigest = DigestInfo.Read(sequence);
            sequence.ThrowIfNotEmpty();
            return new SpcIndirectDataContent(data, messageDigest);
        }
        catch (AsnContentException e)
        {
            throw new MalformedSignatureException(
                $"The signed content is not a valid DER SpcIndirectDataContent ({e.Message}); the signature is damaged, sign the file again.",
                e);
        }
    }
}
