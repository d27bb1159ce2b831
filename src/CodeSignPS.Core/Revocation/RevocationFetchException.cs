namespace CodeSignPS.Core.Revocation;

/// <summary>
/// A CRL download or OCSP request that failed: the server timed out, could not be reached, or
/// returned something that is not an answer. The message reads as the end of a sentence that names
/// the URL, for example "timed out after 5 s".
/// </summary>
public sealed class RevocationFetchException : Exception
{
    public RevocationFetchException(string message, bool isTimeout = false, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTimeout = isTimeout;
    }

    /// <summary>Whether the request ran out of time.</summary>
    public bool IsTimeout { get; }
}
