namespace CodeSignPS.Core.Formats;

/// <summary>The file has a signature block, but it cannot be decoded.</summary>
public sealed class MalformedSignatureException : Exception
{
    public MalformedSignatureException(string message) : base(message) { }

    public MalformedSignatureException(string message, Exception innerException) : base(message, innerException) { }
}
