namespace CodeSignPS.Core.Formats;

/// <summary>
/// The file has a signature block or signature structure, but it cannot be decoded. The error id is
/// always <c>MalformedSignature</c> and the category <see cref="FailureCategory.InvalidData"/>.
/// </summary>
public sealed class MalformedSignatureException : CodeSignException
{
    /// <summary>Stable error id of every malformed-signature failure.</summary>
    public const string MalformedSignatureErrorId = "MalformedSignature";

    public MalformedSignatureException(string message)
        : base(MalformedSignatureErrorId, FailureCategory.InvalidData, message) { }

    public MalformedSignatureException(string message, Exception innerException)
        : base(MalformedSignatureErrorId, FailureCategory.InvalidData, message, innerException: innerException) { }

    /// <summary>
    /// The length in bytes of the content before the block, when the block's framing is intact and
    /// only what it encodes is damaged (bad base64, truncated DER). Null when the block's extent is
    /// unclear. Signing and removal replace such a block, and verification reports it as Malformed.
    /// </summary>
    public int? IntactContentLength { get; init; }
}
