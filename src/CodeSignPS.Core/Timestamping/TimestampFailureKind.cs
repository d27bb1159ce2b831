namespace CodeSignPS.Core.Timestamping;

/// <summary>Why a timestamp server gave no usable token.</summary>
internal enum TimestampFailureKind
{
    /// <summary>HTTP 429 or 5xx, or the connection failed.</summary>
    Unavailable,

    /// <summary>No complete reply within the timeout.</summary>
    TimedOut,

    /// <summary>Another HTTP status, or a body that is not a timestamp reply.</summary>
    BadReply,

    /// <summary>The server answered with a PKIStatus other than granted.</summary>
    Rejected,

    /// <summary>A token that does not belong to the request or does not verify.</summary>
    InvalidToken,
}
