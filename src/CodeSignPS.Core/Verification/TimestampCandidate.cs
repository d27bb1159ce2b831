using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// A decoded timestamp of either kind, reduced to what verifying it needs: the digest it stamps,
/// the signer info that signed it, and the certificates to find the TSA's chain in.
/// </summary>
/// <param name="Kind">RFC 3161 token or PKCS#9 countersignature.</param>
/// <param name="Time">genTime of the TSTInfo, or the countersigner's signing time, in UTC.</param>
/// <param name="HashAlgorithm">Digest algorithm of <paramref name="StampedDigest"/>.</param>
/// <param name="StampedDigest">The messageImprint of the TSTInfo, or the countersigner's messageDigest attribute.</param>
/// <param name="TimestampSigner">The TSA's signer info: the token's only signer, or the countersigner.</param>
/// <param name="Certificates">Certificates to build the TSA chain from.</param>
internal sealed record TimestampCandidate(
    TimestampKind Kind,
    DateTimeOffset Time,
    HashAlgorithmName HashAlgorithm,
    byte[] StampedDigest,
    SignerInfo TimestampSigner,
    X509Certificate2Collection Certificates);
