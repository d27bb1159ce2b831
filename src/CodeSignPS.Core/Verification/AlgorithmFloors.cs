using System.Security.Cryptography;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// The weakest digests and key sizes verification accepts. A signature below a floor stops with
/// <see cref="SignatureStatus.WeakAlgorithm"/> before its chain is checked.
/// </summary>
public sealed record AlgorithmFloors
{
    /// <summary>The floor without a policy: MD5 and SHA-1 rejected, RSA keys of at least 2048 bits, EC keys of at least 256 bits.</summary>
    public static AlgorithmFloors Default { get; } = new();

    /// <summary>
    /// No floor: any digest and any RSA or EC key size that verifies is accepted, and the chain is
    /// always checked. For a caller that applies its own floors to the result, as a policy's
    /// <c>algorithms</c> check does.
    /// </summary>
    public static AlgorithmFloors None { get; } = new() { RejectedDigests = [], MinRsaBits = 0, MinEcBits = 0 };

    /// <summary>Digests rejected for the content and for the signer info.</summary>
    public IReadOnlyList<HashAlgorithmName> RejectedDigests { get; init; } = [HashAlgorithmName.MD5, HashAlgorithmName.SHA1];

    /// <summary>The smallest RSA signer key accepted, in bits.</summary>
    public int MinRsaBits { get; init; } = 2048;

    /// <summary>The smallest EC signer key accepted, in bits.</summary>
    public int MinEcBits { get; init; } = 256;
}
