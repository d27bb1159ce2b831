using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Signing;

/// <summary>The encoded parts of the one SignerInfo in a detached signature, ready to be written.</summary>
/// <param name="Certificate">The signer certificate, whose issuer and serial number identify the signer.</param>
/// <param name="DigestAlgorithm">DER AlgorithmIdentifier of the content digest.</param>
/// <param name="SignedAttributes">DER SET OF Attribute, with the universal SET tag that the signature covers.</param>
/// <param name="SignatureAlgorithm">DER AlgorithmIdentifier of the signature.</param>
/// <param name="Signature">The signature value over <paramref name="SignedAttributes"/>.</param>
/// <param name="TimestampToken">DER RFC 3161 token over <paramref name="Signature"/>, or null.</param>
internal sealed record DetachedSignerInfo(
    X509Certificate2 Certificate,
    byte[] DigestAlgorithm,
    byte[] SignedAttributes,
    byte[] SignatureAlgorithm,
    byte[] Signature,
    byte[]? TimestampToken);
