using System.Security.Cryptography;

namespace CodeSignPS.Core.Formats;

/// <summary>
/// One artifact format: where its signature lives, what its digest covers, and how to embed or
/// strip the signature. Nothing outside the format classes knows a file layout.
/// </summary>
public abstract class ArtifactFormat
{
    /// <summary>Format name shown in results, for example <c>PowerShellScript</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the format is text whose encoding the digest depends on (scripts).</summary>
    public virtual bool IsText => false;

    /// <summary>
    /// Splits the bytes of a file into the signed content and the encoded signature, if any.
    /// </summary>
    /// <exception cref="MalformedSignatureException">The signature block is present but unusable.</exception>
    public abstract ParsedArtifact Parse(ReadOnlyMemory<byte> file, FormatOptions options);

    /// <summary>Computes the Authenticode digest of the content bytes returned by <see cref="Parse"/>.</summary>
    public abstract byte[] ComputeDigest(ReadOnlyMemory<byte> content, HashAlgorithmName hashAlgorithm, FormatOptions options);

    /// <summary>
    /// Encodes the SpcIndirectDataContent that a signature over <paramref name="digest"/> signs.
    /// </summary>
    public abstract byte[] CreateIndirectData(ReadOnlySpan<byte> digest, HashAlgorithmName hashAlgorithm);

    /// <summary>
    /// Returns the file bytes with <paramref name="signature"/> (DER PKCS#7 SignedData) embedded after
    /// <paramref name="content"/>, which is left unchanged.
    /// </summary>
    public abstract byte[] Embed(ReadOnlyMemory<byte> content, ReadOnlySpan<byte> signature, FormatOptions options);
}
