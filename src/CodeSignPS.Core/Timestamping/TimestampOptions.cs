using System.Security.Cryptography;

namespace CodeSignPS.Core.Timestamping;

/// <summary>How RFC 3161 timestamp tokens are requested: the servers, tried in order, and how hard to try each.</summary>
public sealed record TimestampOptions
{
    /// <summary>The default time one request may take, from sending the query to the last byte of the reply.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The default wait before the first retry; it doubles with each further retry.</summary>
    public static readonly TimeSpan DefaultInitialBackoff = TimeSpan.FromSeconds(1);

    public const int DefaultMaxRetries = 2;

    public const int DefaultMaxConcurrentRequestsPerServer = 4;

    /// <summary>Absolute http or https URLs of timestamp authorities, tried in order until one returns a usable token.</summary>
    public required IReadOnlyList<Uri> Servers { get; init; }

    /// <summary>The digest algorithm of the message imprint, that is of the signature value sent to the server.</summary>
    public HashAlgorithmName HashAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>The time limit of one request to one server.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// Retries per server after HTTP 429, HTTP 5xx, a timeout or a connection failure. Zero asks each
    /// server once. A server that answers with an unusable token is not asked again.
    /// </summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>
    /// The wait before the first retry; each further retry waits twice as long. A longer Retry-After
    /// header from the server is honoured up to <see cref="TimestampClient.MaxRetryAfter"/>.
    /// </summary>
    public TimeSpan InitialBackoff { get; init; } = DefaultInitialBackoff;

    /// <summary>Requests in flight to one server at a time, shared by every file a client timestamps.</summary>
    public int MaxConcurrentRequestsPerServer { get; init; } = DefaultMaxConcurrentRequestsPerServer;
}
