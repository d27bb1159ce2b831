using CodeSignPS.Core.Formats;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Signing;

/// <summary>The file side of signing: the existing signature, encodings, the atomic write.</summary>
public sealed partial class FileSigner
{
    private ParsedArtifact ParseExisting(ArtifactFormat format, string target, byte[] original, List<string> warnings)
    {
        try
        {
            return format.Parse(original, Options.Format);
        }
        catch (MalformedSignatureException ex) when (ex.IntactContentLength is int contentLength)
        {
            warnings.Add($"'{target}' had a damaged signature block ({ex.Message}); it was replaced.");
            return new ParsedArtifact(original.AsMemory(0, contentLength), null);
        }
        catch (MalformedSignatureException ex)
        {
            throw new CodeSignException(
                "ExistingSignatureMalformed",
                FailureCategory.InvalidData,
                $"'{target}' has a damaged signature block whose extent is unclear, so the signed content cannot be told apart from it: {ex.Message}",
                target,
                ex);
        }
    }

    private bool IsSignedBySameCertificate(string path, byte[] original, ParsedArtifact parsed)
    {
        if (!parsed.IsSigned)
        {
            return false;
        }

        VerificationResult existing = _verifier.Verify(path, original);
        return existing.IsIntegrityValid == true
            && existing.HashAlgorithm == Options.HashAlgorithm.Name
            && existing.SignerCertificate is not null
            && existing.SignerCertificate.RawData.AsSpan().SequenceEqual(Key.Certificate.RawData);
    }

    private ReadOnlyMemory<byte> PrepareContent(ArtifactFormat format, string target, ReadOnlyMemory<byte> content, List<string> warnings)
    {
        if (!format.IsText || !ScriptTextEncoding.IsAnsiDependent(content.Span))
        {
            return content;
        }

        if (Options.ConvertToUtf8Bom)
        {
            return ScriptTextEncoding.ConvertToUtf8WithBom(content.Span, Options.Format);
        }

        string assumed = Options.Format.ScriptEncoding?.WebName ?? "windows-1252";
        warnings.Add(
            $"'{target}' has no byte order mark and contains non-ASCII characters. It was hashed as {assumed}, " +
            "but Windows decodes such a file with the machine's ANSI code page, so it may verify on one machine and fail on another. " +
            "Use -ConvertToUtf8Bom to save it as UTF-8 with a byte order mark before signing.");
        return content;
    }

    private byte[] EmbedSignature(ArtifactFormat format, string path, ReadOnlyMemory<byte> content, byte[] signature)
    {
        try
        {
            return format.Embed(content, signature, Options.Format);
        }
        catch (CodeSignException ex) when (ex.Target is null)
        {
            // Formats do not know file names; the caller needs to know which file failed.
            throw new CodeSignException(ex.ErrorId, ex.Category, $"'{path}': {ex.Message}", path, ex);
        }
    }

    /// <summary>Signs and, when asked, timestamps; the file is not written yet, so a failure leaves it unchanged.</summary>
    private byte[] CreateSignature(string path, byte[] indirectData, CancellationToken cancellationToken)
    {
        try
        {
            return _builder.Value.Sign(indirectData, TimestampClient, cancellationToken);
        }
        catch (CodeSignException ex) when (ex.ErrorId == Timestamping.TimestampClient.FailedErrorId)
        {
            throw new CodeSignException(ex.ErrorId, ex.Category, $"'{path}' was not signed and is unchanged. {ex.Message}", path, ex);
        }
    }

    private void WriteFile(string target, byte[] signed)
    {
        try
        {
            AtomicFileWriter.Replace(target, signed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("FileWriteFailed", FailureCategory.WriteError, $"'{target}' could not be written, and was left unchanged: {ex.Message}", target, ex);
        }
    }
}
