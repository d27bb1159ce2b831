namespace CodeSignPS.Core.Revocation;

/// <summary>The answer of an OCSP responder about one certificate.</summary>
/// <param name="Status">Good, Revoked, Unknown, or Failed when there is no verified answer.</param>
/// <param name="Responder">The responder URL, or null when the certificate names none.</param>
/// <param name="Message">A sentence for the verification result, naming the responder.</param>
/// <param name="RevocationTime">When the certificate was revoked, for Revoked.</param>
/// <param name="RevocationReason">The CRLReason code (RFC 5280 §5.3.1), for Revoked when the responder gives one.</param>
public sealed record OcspResult(
    OcspCertStatus Status,
    Uri? Responder,
    string Message,
    DateTimeOffset? RevocationTime = null,
    int? RevocationReason = null);
