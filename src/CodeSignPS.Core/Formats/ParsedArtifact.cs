namespace CodeSignPS.Core.Formats;

/// <summary>
/// A file split into the content that its digest covers and the signature that follows it.
/// </summary>
/// <param name="Content">Bytes covered by the digest; for an unsigned file, the whole file.</param>
/// <param name="Signature">DER-encoded PKCS#7 SignedData, or null when the file carries no signature.</param>
public sealed record ParsedArtifact(ReadOnlyMemory<byte> Content, byte[]? Signature)
{
    /// <summary>Whether the file carries a signature.</summary>
    public bool IsSigned => Signature is not null;
}
