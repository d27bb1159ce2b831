using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Verification;

/// <summary>A timestamp found on a signature, and whether it was verified.</summary>
public sealed class TimestampInfo
{
    public required TimestampKind Kind { get; init; }

    /// <summary>The time the timestamp states, in UTC; null when the token could not be decoded.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The timestamping authority's (TSA) certificate, when it was found.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>The TSA certificate's chain, leaf first, as far as it could be built.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; init; } = Array.Empty<X509Certificate2>();

    /// <summary>Digest algorithm of the timestamp over the signature value, for example SHA256.</summary>
    public string? HashAlgorithm { get; init; }

    /// <summary>
    /// Whether the timestamp verified: it covers this signature's value, its own signature verifies,
    /// and its TSA certificate chains to a timestamping trust store at <see cref="Time"/>.
    /// </summary>
    public bool IsVerified { get; init; }

    /// <summary>Why the timestamp was not verified, and so not used as the verification time; null when it was.</summary>
    public string? Message { get; init; }

    public override string ToString() => Time is { } time
        ? $"{time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({Kind}{(IsVerified ? "" : ", not verified")})"
        : $"{Kind} (not decoded)";
}
