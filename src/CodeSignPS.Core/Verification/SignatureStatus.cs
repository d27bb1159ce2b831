namespace CodeSignPS.Core.Verification;

/// <summary>
/// Outcome of verifying one file: the first failing check, in the order format, integrity,
/// algorithms, trust, time, revocation; or <see cref="Valid"/>.
/// </summary>
public enum SignatureStatus
{
    Valid,
    UnsupportedFormat,
    NotSigned,
    Malformed,
    HashMismatch,
    WeakAlgorithm,
    NotTrusted,
    Expired,
    Revoked,
    RevocationUnknown,
}
