namespace CodeSignPS.TestServers;

/// <summary>How <see cref="CrlHttpServer"/> answers a request.</summary>
public enum CrlServerMode
{
    /// <summary>Serves the file of the request's name from the folder, or 404.</summary>
    Files,

    /// <summary>Answers HTTP 500.</summary>
    ServerError,

    /// <summary>Never answers, so the client times out.</summary>
    Hang,

    /// <summary>Answers 200 with bytes that are no CRL or OCSP response.</summary>
    Garbage,
}
