namespace CodeSignPS.Core.Policy;

/// <summary>How the exceptions of a policy relate to one artifact in one environment.</summary>
public enum ExceptionMatchKind
{
    /// <summary>No exception names the artifact's path for the environment.</summary>
    None,

    /// <summary>An exception names the path and the file's SHA-256, and has not expired: the artifact is allowed.</summary>
    Applies,

    /// <summary>An exception names the path and the SHA-256 but expired; the artifact is judged as usual and the expiry is an error.</summary>
    Expired,

    /// <summary>An exception names the path, but the file's SHA-256 differs: the file changed after the exception was written.</summary>
    ContentChanged,
}
