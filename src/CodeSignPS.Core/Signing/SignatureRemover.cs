using CodeSignPS.Core.Formats;
using CodeSignPS.Core.IO;

namespace CodeSignPS.Core.Signing;

/// <summary>Strips embedded signatures, restoring exactly the bytes that were signed.</summary>
public static class SignatureRemover
{
    /// <summary>Removes the signature of <paramref name="path"/>; returns false when it had none.</summary>
    /// <param name="force">Strip the block even when the file has other hard links, which the rewrite splits off.</param>
    /// <exception cref="CodeSignException">The format is unsupported, the block is damaged, the file has other hard links, or it cannot be written.</exception>
    public static bool Remove(string path, FormatOptions options, bool force = false)
    {
        ArtifactFormat format = ArtifactFormatFactory.GetFormat(path);
        string target = RewritableFile.ResolveTarget(path);
        byte[] file = RewritableFile.Read(target);
        ParsedArtifact parsed;
        try
        {
            parsed = format.Parse(file, options);
        }
        catch (MalformedSignatureException ex) when (ex.IntactContentLength is int contentLength)
        {
            // The block's markers are intact, so only the damaged block goes.
            parsed = new ParsedArtifact(file.AsMemory(0, contentLength), Array.Empty<byte>());
        }
        catch (MalformedSignatureException ex)
        {
            throw new CodeSignException("ExistingSignatureMalformed", FailureCategory.InvalidData,
                $"'{path}' has a damaged signature block whose extent is unclear ({ex.Message}); remove the block by hand.", path, ex);
        }

        if (!parsed.IsSigned)
        {
            return false;
        }

        RewritableFile.CheckHardLinks(target, force, "the signed content");
        try
        {
            AtomicFileWriter.Replace(target, parsed.Content.Span);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("FileWriteFailed", FailureCategory.WriteError, $"'{path}' could not be written, and was left unchanged: {ex.Message}", path, ex);
        }

        return true;
    }
}
