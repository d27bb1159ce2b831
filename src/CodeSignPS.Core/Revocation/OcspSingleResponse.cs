namespace CodeSignPS.Core.Revocation;

/// <summary>One SingleResponse of a BasicOCSPResponse (RFC 6960 §4.2.1).</summary>
internal sealed record OcspSingleResponse(
    OcspCertId CertId,
    OcspCertStatus Status,
    DateTimeOffset ThisUpdate,
    DateTimeOffset? NextUpdate,
    DateTimeOffset? RevocationTime,
    int? RevocationReason);
