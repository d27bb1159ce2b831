using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Revocation;

/// <summary>A decoded BasicOCSPResponse whose signature is not yet checked.</summary>
internal sealed record OcspBasicResponse(
    ReadOnlyMemory<byte> SignedData,
    ReadOnlyMemory<byte> SignatureAlgorithm,
    byte[] Signature,
    byte[]? ResponderName,
    byte[]? ResponderKeyHash,
    IReadOnlyList<OcspSingleResponse> Responses,
    byte[]? Nonce,
    IReadOnlyList<X509Certificate2> Certificates);
