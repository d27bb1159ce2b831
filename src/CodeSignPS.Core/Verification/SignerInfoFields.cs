using System.Formats.Asn1;

namespace CodeSignPS.Core.Verification;

/// <summary>The fields of a detached signature's SignerInfo that verification needs, as encoded.</summary>
/// <param name="SignedDataDigestAlgorithms">The OIDs in the SignedData's digestAlgorithms set.</param>
/// <param name="SignedAttributes">The [0] IMPLICIT SET OF Attribute as it is in the file, or null when the signer has none.</param>
internal sealed record SignerInfoFields(
    IReadOnlyList<string> SignedDataDigestAlgorithms,
    string EncapsulatedContentType,
    bool HasEncapsulatedContent,
    ReadOnlyMemory<byte> DigestAlgorithm,
    ReadOnlyMemory<byte>? SignedAttributes,
    ReadOnlyMemory<byte> SignatureAlgorithm,
    byte[] Signature)
{
    public string DigestAlgorithmOid => ReadOid(DigestAlgorithm);

    public string SignatureAlgorithmOid => ReadOid(SignatureAlgorithm);

    private static string ReadOid(ReadOnlyMemory<byte> algorithmIdentifier)
        => new AsnReader(algorithmIdentifier, AsnEncodingRules.BER).ReadSequence().ReadObjectIdentifier();
}
