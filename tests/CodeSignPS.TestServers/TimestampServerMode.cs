namespace CodeSignPS.TestServers;

/// <summary>How a test timestamp authority answers a query.</summary>
public enum TimestampServerMode
{
    /// <summary>An honest authority: each reply comes from <c>openssl ts -reply</c>.</summary>
    OpenSsl,

    /// <summary>HTTP 503 to every query.</summary>
    Unavailable,

    /// <summary>HTTP 429 with Retry-After to the first queries, then honest replies.</summary>
    Throttled,

    /// <summary>Random bytes labelled application/timestamp-reply.</summary>
    Garbage,

    /// <summary>An HTML page with HTTP 200, as a misconfigured URL returns.</summary>
    HtmlPage,

    /// <summary>A valid token for a query with another nonce.</summary>
    WrongNonce,

    /// <summary>A token whose nonce has a redundant leading zero byte: the same integer, other bytes.</summary>
    PaddedNonce,

    /// <summary>A valid token over another imprint.</summary>
    OtherImprint,

    /// <summary>A valid token without the TSA certificate, as if certReq had been false.</summary>
    NoCertificate,

    /// <summary>A TimeStampResp with status rejection, failInfo badAlg and a statusString.</summary>
    Rejection,

    /// <summary>Accepts the connection and never answers.</summary>
    Silent,
}
