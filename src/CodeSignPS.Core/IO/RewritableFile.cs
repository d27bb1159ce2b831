namespace CodeSignPS.Core.IO;

/// <summary>
/// The checks shared by every operation that rewrites a file in place (signing, removing a
/// signature): what the path names, whether replacing it would split hard links, and reading it.
/// </summary>
internal static class RewritableFile
{
    /// <summary>
    /// Returns the file to rewrite: the final target of a symbolic link, else the full path. The link
    /// itself stays a link.
    /// </summary>
    /// <exception cref="CodeSignException">The path names no file, or not a regular one.</exception>
    public static string ResolveTarget(string path)
    {
        FileInfo file = new(path);
        if (!file.Exists && file.LinkTarget is not null)
        {
            throw new CodeSignException("FileNotFound", FailureCategory.ObjectNotFound,
                $"'{path}' is a symbolic link to '{file.LinkTarget}', which does not resolve to a file (it is missing, or the links form a loop).", path);
        }

        if (!file.Exists)
        {
            throw new CodeSignException("FileNotFound", FailureCategory.ObjectNotFound, $"The file '{path}' does not exist.", path);
        }

        if (!FileStatus.IsRegularFile(path))
        {
            throw new CodeSignException("NotRegularFile", FailureCategory.InvalidArgument,
                $"'{path}' is not a regular file (a named pipe, a device or a socket); only regular files carry signatures.", path);
        }

        FileSystemInfo? linkTarget = file.LinkTarget is null ? null : file.ResolveLinkTarget(returnFinalTarget: true);
        return linkTarget?.FullName ?? file.FullName;
    }

    /// <summary>Throws when <paramref name="target"/> has other hard links and <paramref name="force"/> is not set.</summary>
    /// <param name="leftBehind">What the other links keep, for the message: "the unsigned content", say.</param>
    public static void CheckHardLinks(string target, bool force, string leftBehind)
    {
        int? links = FileStatus.CountHardLinks(target);
        if (links > 1 && !force)
        {
            throw new CodeSignException(
                "FileHasHardLinks",
                FailureCategory.InvalidOperation,
                $"'{target}' has {links} hard links. Rewriting it replaces the file, which would leave the other links with {leftBehind}. Use -Force to rewrite it anyway.",
                target);
        }
    }

    /// <summary>Reads the whole file.</summary>
    /// <exception cref="CodeSignException">The file cannot be read (FileReadFailed).</exception>
    public static byte[] Read(string target)
    {
        try
        {
            return File.ReadAllBytes(target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("FileReadFailed", FailureCategory.ReadError, $"The file '{target}' could not be read: {ex.Message}", target, ex);
        }
    }
}
