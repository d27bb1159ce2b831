using System.Formats.Asn1;
using System.Security.Cryptography;
using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Authenticode;

/// <summary>
/// The digest algorithm and digest value inside an SpcIndirectDataContent.
/// </summary>
public sealed class DigestInfo
{
    private DigestInfo(string algorithmOid, byte[] digest)
    {
        AlgorithmOid = algorithmOid;
        Digest = digest;
    }

    /// <summary>OID of the digest algorithm, for example 2.16.840.1.101.3.4.2.1 for SHA-256.</summary>
    public string AlgorithmOid { get; }

    /// <summary>The digest algorithm, or null when <see cref="AlgorithmOid"/> is not a known one.</summary>
    public HashAlgorithmName? HashAlgorithm => AuthenticodeOids.TryGetHashAlgorithm(AlgorithmOid);

    /// <summary>The digest value.</summary>
    public byte[] Digest { get; }

    // Microsoft's Authenticode PE specification ("Windows Authenticode Portable Executable Signature
    // Format", version 1.0, section "SpcIndirectDataContent"), repeated in [MS-OSHARED] 2.3.2.4.3.1:
    //
    //   DigestInfo ::= SEQUENCE {
    //       digestAlgorithm     AlgorithmIdentifier,
    //       digest              OCTETSTRING
    //   }
    //
    //   AlgorithmIdentifier    ::=    SEQUENCE {
    //       algorithm           ObjectID,
    //       parameters          [0] EXPLICIT ANY OPTIONAL
    //   }
    //
    // Signers do not emit the specification's "[0] EXPLICIT". The signatures in the PowerShell and
    // Pester packages, and those of osslsigncode 2.9, carry an untagged ASN.1 NULL (the X.509
    // AlgorithmIdentifier form). So the encoder writes NULL, and the decoder accepts NULL or nothing.
    internal static void Write(AsnWriter writer, HashAlgorithmName hashAlgorithm, ReadOnlySpan<byte> digest)
    {
        int expectedLength = AuthenticodeOids.GetDigestLength(hashAlgorithm);
        if (digest.Length != expectedLength)
        {
            throw new ArgumentException(
                $"A {hashAlgorithm.Name} digest is {expectedLength} bytes long, but the digest given is {digest.Length} bytes.",
                nameof(digest));
        }

        writer.PushSequence();
        writer.PushSequence();
        writer.WriteObjectIdentifier(AuthenticodeOids.GetDigestOid(hashAlgorithm));
        writer.WriteNull();
        writer.PopSequence();
        writer.WriteOctetString(digest);
        writer.PopSequence();
    }

    internal static DigestInfo Read(AsnReader reader)
    {
        AsnReader sequence = reader.ReadSequence();
        AsnReader algorithm = sequence.ReadSequence();
        string oid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            algorithm.ReadNull();
        }

        algorithm.ThrowIfNotEmpty();

        byte[] digest = sequence.ReadOctetString();
        sequence.ThrowIfNotEmpty();

        HashAlgorithmName? hashAlgorithm = AuthenticodeOids.TryGetHashAlgorithm(oid);
        if (hashAlgorithm is { } known && digest.Length != AuthenticodeOids.GetDigestLength(known))
        {
            throw new MalformedSignatureException(
                $"The Authenticode digest is {digest.Length} bytes long, but a {known.Name} digest is " +
                $"{AuthenticodeOids.GetDigestLength(known)} bytes; the signature is damaged, sign the file again.");
        }

        return new DigestInfo(oid, digest);
    }
}
