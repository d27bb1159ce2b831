using System.Security.Cryptography;

namespace CodeSignPS.Core.Tests.DetachedEdgeCases;

/// <summary>
/// The fields of a hand-made detached SignedData that a test may get wrong on purpose. The defaults
/// give a well-formed signature.
/// </summary>
internal sealed record HandMadeCmsShape
{
    /// <summary>The signer's digest algorithm; the signature value is made with it.</summary>
    public HashAlgorithmName Hash { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>The SignedData's digestAlgorithms set; null lists the signer's digest algorithm.</summary>
    public string[]? DigestAlgorithmsSet { get; init; }

    /// <summary>The signatureAlgorithm OID; null gives rsaEncryption or the ecdsa-with-SHA* of <see cref="Hash"/>.</summary>
    public string? SignatureAlgorithm { get; init; }

    /// <summary>The encoded value of the message-digest attribute; null gives an OCTET STRING of the digest.</summary>
    public byte[]? EncodedMessageDigestValue { get; init; }

    /// <summary>Leaves the signerInfos set empty.</summary>
    public bool WithoutSigner { get; init; }
}
