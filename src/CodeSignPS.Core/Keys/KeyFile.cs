namespace CodeSignPS.Core.Keys;

/// <summary>Reads key and certificate files, turning I/O failures into errors with stable ids.</summary>
internal static class KeyFile
{
    /// <summary>
    /// The largest certificate, key, PFX or request file read. Real ones are a few kilobytes, and the
    /// root bundles of Linux and of the .NET SDK are 200 to 550 KB. The bound keeps a wrong path, such
    /// as a disk image, out of memory.
    /// </summary>
    public const long MaximumLength = 16 * 1024 * 1024;

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads the whole file; <paramref name="description"/> is for example "PFX file".</summary>
    public static byte[] ReadAllBytes(string path, string description)
    {
        if (!File.Exists(path))
        {
            throw new CodeSignException(
                SigningKeyErrorIds.FileNotFound,
                FailureCategory.ObjectNotFound,
                $"The {description} '{path}' was not found. Check the path.",
                path);
        }

        try
        {
            CheckLength(path, description, new FileInfo(path).Length);
            return File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.FileUnreadable,
                FailureCategory.PermissionDenied,
                $"The {description} '{path}' cannot be read: access was denied. Grant the current user read access.",
                path,
                exception);
        }
        catch (IOException exception)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.FileUnreadable,
                FailureCategory.ReadError,
                $"The {description} '{path}' cannot be read: {exception.Message}",
                path,
                exception);
        }
    }

    /// <summary>
    /// The bytes after a UTF-8 byte order mark, which editors on Windows put in front of PEM text and
    /// which would hide the first "-----BEGIN" line from the PEM parser.
    /// </summary>
    public static ReadOnlySpan<byte> SkipByteOrderMark(ReadOnlySpan<byte> content) =>
        content.StartsWith(Utf8ByteOrderMark) ? content[Utf8ByteOrderMark.Length..] : content;

    // Checked before reading, so that neither an empty file (which .NET would turn into an empty
    // certificate object instead of an error) nor a huge one gets any further.
    private static void CheckLength(string path, string description, long length)
    {
        if (length == 0)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.FileEmpty,
                FailureCategory.InvalidData,
                $"The {description} '{path}' is empty (0 bytes). The copy or download that made it probably failed; copy the file again.",
                path);
        }

        if (length > MaximumLength)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.FileTooLarge,
                FailureCategory.InvalidData,
                $"The {description} '{path}' is {length} bytes long, more than the {MaximumLength} bytes (16 MiB) a certificate, key or PFX file can be. " +
                "Check that the path names the right file.",
                path);
        }
    }
}
