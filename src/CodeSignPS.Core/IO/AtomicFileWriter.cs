namespace CodeSignPS.Core.IO;

/// <summary>
/// Replaces a file's content so that a reader sees either the old file or the new one. The new
/// bytes go to a temporary file in the same folder and are flushed to disk, and then the temporary
/// file is renamed over the original. Any failure leaves the original as it was.
/// </summary>
public static class AtomicFileWriter
{
    /// <summary>Name prefix of the temporary files; a walk over a folder skips them.</summary>
    public const string TemporaryFilePrefix = ".codesignps-";

    /// <summary>Writes <paramref name="content"/> over <paramref name="path"/>, keeping its Unix file mode.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> content) => Write(path, content, keepMode: true);

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/>: an existing file is replaced
    /// and keeps its mode, a new one gets the process's default mode.
    /// </summary>
    public static void CreateOrReplace(string path, ReadOnlySpan<byte> content) => Write(path, content, keepMode: File.Exists(path));

    /// <summary>
    /// Writes <paramref name="content"/> (private key material) to <paramref name="path"/> in a file
    /// readable and writable by its owner only: on Linux and macOS the temporary file is created with
    /// mode 0600 before any byte is written, whatever the umask, and an existing file is replaced by it.
    /// </summary>
    /// <remarks>NOTE: on Windows the file inherits the folder's access control list.</remarks>
    public static void CreateOrReplacePrivate(string path, ReadOnlySpan<byte> content) => Write(path, content, keepMode: false, ownerOnly: true);

    /// <summary>Whether <paramref name="path"/> names one of the temporary files this class writes.</summary>
    public static bool IsTemporaryFile(string path)
    {
        string name = Path.GetFileName(path);
        return name.StartsWith(TemporaryFilePrefix, StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal);
    }

    private static void Write(string path, ReadOnlySpan<byte> content, bool keepMode, bool ownerOnly = false)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        // A fixed-length name, so that a file whose name is at the file system's limit can be signed too.
        string temporaryPath = Path.Combine(folder, $"{TemporaryFilePrefix}{Guid.NewGuid():N}.tmp");
        try
        {
            using (FileStream stream = new(temporaryPath, keepMode ? CreateOptions(path) : NewFileOptions(ownerOnly)))
            {
                if (ownerOnly && !OperatingSystem.IsWindows())
                {
                    // The umask can only take bits away, so this also covers a umask that removed the owner's.
                    File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (keepMode)
            {
                CopyFileMode(path, temporaryPath);
            }

            File.Move(temporaryPath, path, overwrite: true);
        }
        finally
        {
            TryDelete(temporaryPath);
        }
    }

    // The temporary file is created with the original's permission bits, so that a private file is
    // never readable by others while it is written; CopyFileMode then adds what the umask removed.
    private static FileStreamOptions CreateOptions(string original)
    {
        FileStreamOptions options = new() { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode permissionBits = (UnixFileMode)0x1FF; // rwxrwxrwx
            options.UnixCreateMode = File.GetUnixFileMode(original) & permissionBits;
        }

        return options;
    }

    private static FileStreamOptions NewFileOptions(bool ownerOnly)
    {
        FileStreamOptions options = new() { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    private static void CopyFileMode(string source, string destination)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(destination, File.GetUnixFileMode(source));
        }
        else
        {
            File.SetAttributes(destination, File.GetAttributes(source));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // The temporary file is hidden and named after the original; leaving it is better than
            // hiding the error that got us here.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
