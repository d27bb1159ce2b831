namespace CodeSignPS.Core.Revocation;

/// <summary>The status an OCSP responder gives a certificate (RFC 6960 §4.2.1), or why there is none.</summary>
public enum OcspCertStatus
{
    Good,
    Revoked,
    Unknown,

    /// <summary>No usable answer: no responder, a timeout, an error, or a response that does not verify.</summary>
    Failed,
}
