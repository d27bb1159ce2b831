using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Timestamping;

/// <summary>What a token must match to answer one request: see <see cref="TimestampTokenCheck"/>.</summary>
/// <param name="HashAlgorithmOid">The imprint algorithm that was requested.</param>
/// <param name="Imprint">The hash of the signature value that was sent.</param>
/// <param name="Nonce">The nonce that was sent.</param>
/// <param name="SentAt">The local UTC time just before the query was sent.</param>
/// <param name="ReceivedAt">The local UTC time just after the reply arrived.</param>
/// <param name="SignerCertificate">The certificate of the timestamped signature, or null when unknown.</param>
internal sealed record TimestampExpectation(
    string HashAlgorithmOid,
    byte[] Imprint,
    BigInteger Nonce,
    DateTimeOffset SentAt,
    DateTimeOffset ReceivedAt,
    X509Certificate2? SignerCertificate);
