using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Verification;

/// <summary>A timestamp found on a signature.</summary>
public sealed class TimestampInfo
{
    /// <summary><c>Rfc3161</c> or <c>Authenticode</c> (the older PKCS#9 countersignature).</summary>
    public required string Kind { get; init; }

    /// <summary>The time the token states, when it could be decoded.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The timestamping authority's certificate, when the token carries it.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Whether the token was verified; false until timestamp verification is in place.</summary>
    public bool IsVerified { get; init; }

    /// <summary>Why the timestamp is not used as the verification time.</summary>
    public string? Message { get; init; }
}
