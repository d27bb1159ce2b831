namespace CodeSignPS.Core.Timestamping;

/// <summary>
/// One server's unusable answer to one request. The message completes the sentence
/// "Timestamp server 'URL' ..." so that the final error can list every server.
/// </summary>
internal sealed class TimestampAttemptException : Exception
{
    public TimestampAttemptException(string message, TimestampFailureKind kind, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        RetryAfter = retryAfter;
    }

    public TimestampFailureKind Kind { get; }

    /// <summary>The wait the server asked for in a Retry-After header, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether asking the same server again may help: busy, failing or unreachable servers.</summary>
    public bool IsTransient => Kind is TimestampFailureKind.Unavailable or TimestampFailureKind.TimedOut;
}
