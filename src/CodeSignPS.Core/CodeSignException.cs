namespace CodeSignPS.Core;

/// <summary>
/// A failure the caller can act on, with a stable error id that cmdlets use as the
/// FullyQualifiedErrorId and a category they map to a PowerShell ErrorCategory.
/// </summary>
public class CodeSignException : Exception
{
    public CodeSignException(string errorId, FailureCategory category, string message, string? target = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
    }

    /// <summary>Stable PascalCase id, for example <c>PrivateKeyMissing</c>.</summary>
    public string ErrorId { get; }

    public FailureCategory Category { get; }

    /// <summary>The failing path, thumbprint or URL.</summary>
    public string? Target { get; }
}
