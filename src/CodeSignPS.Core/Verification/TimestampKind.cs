namespace CodeSignPS.Core.Verification;

/// <summary>The kind of timestamp on a signature.</summary>
public enum TimestampKind
{
    /// <summary>
    /// An RFC 3161 timestamp token, as the unsigned attribute 1.3.6.1.4.1.311.3.3.1 (Authenticode)
    /// or id-aa-timeStampToken 1.2.840.113549.1.9.16.2.14 (CMS).
    /// </summary>
    Rfc3161,

    /// <summary>The older Authenticode timestamp: a PKCS#9 countersignature (1.2.840.113549.1.9.6).</summary>
    Authenticode,
}
