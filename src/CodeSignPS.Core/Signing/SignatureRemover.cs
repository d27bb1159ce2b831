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
        ArtifactFormat format = ArtifactFormatFactory.TryGetFormat(path) ?? throw new CodeSignException(
            "UnsupportedFormat",
            FailureCategory.InvalidArgument,
            $"'{path}' is not a format that carries an embedded signature; supported: {string.Join(", ", ArtifactFormatFactory.SupportedExtensions)}.",
            path);

        if (File.Exists(path) && !FileStatus.IsRegularFile(path))
        {
            throw new CodeSignException("NotRegularFile", FailureCategory.InvalidArgument,
                $"'{path}' is not a regular file (a named pipe, a device or a socket); only regular files carry signatures.", path);
        }

        string target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        byte[] file;
        ParsedArtifact parsed;
        try
        {
            file = File.ReadAllBytes(target);
            parsed = format.Parse(file, options);
        }
        catch (MalformedSignatureException ex) when (ex.IntactContentLength is int contentLength)
        {
            // The block's markers are intact, so only the damaged block goes.
            parsed = new ParsedArtifact(File.ReadAllBytes(target).AsMemory(0, contentLength), Array.Empty<byte>());
        }
        catch (MalformedSignatureException ex)
        {
            throw new CodeSignException("ExistingSignatureMalformed", FailureCategory.InvalidData,
                $"'{path}' has a damaged signature block whose extent is unclear ({ex.Message}); remove the block by hand.", path, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("FileReadFailed", FailureCategory.ReadError, $"The file '{path}' could not be read: {ex.Message}", path, ex);
        }

        if (!parsed.IsSigned)
        {
            return false;
        }

        int? links = FileStatus.CountHardLinks(target);
        if (links > 1 && !force)
        {
            throw new CodeSignException("FileHasHardLinks", FailureCategory.InvalidOperation,
                $"'{path}' has {links} hard links; removing the signature replaces the file, which would leave the other links with the signed content. Use -Force to remove it anyway.", path);
        }

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
