namespace CodeSignPS.Core.Certificates;

/// <summary>Checks the files a command is about to write before it writes any of them.</summary>
internal static class OutputPaths
{
    // Windows and macOS file systems ignore case by default; Linux ones do not.
    private static StringComparison NameComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// Throws OutputPathsCollide when <paramref name="first"/> and <paramref name="second"/> lead to
    /// the same file, because the second write would replace the first and one of them is the key.
    /// </summary>
    public static void CheckDistinct(string first, string second, string firstParameter, string secondParameter)
    {
        string resolvedFirst = Resolve(first);
        if (!string.Equals(resolvedFirst, Resolve(second), NameComparison))
        {
            return;
        }

        throw new CodeSignException(
            CertificateFileErrorIds.OutputPathsCollide,
            FailureCategory.InvalidArgument,
            $"{firstParameter} '{first}' and {secondParameter} '{second}' name the same file ('{resolvedFirst}'), so one write would " +
            "replace the other and the private key could be lost. Nothing was written. Give two different files.",
            second);
    }

    /// <summary>Throws OutputPathIsFolder when <paramref name="path"/> is an existing folder.</summary>
    public static void CheckNotFolder(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CodeSignException(
                CertificateFileErrorIds.OutputPathIsFolder,
                FailureCategory.InvalidArgument,
                $"The output path '{path}' is a folder, so nothing was written. Give a file name, for example '{Path.Combine(path, "signer.pem")}'.",
                path);
        }
    }

    /// <summary>The full path with every symbolic link along it followed, as far as the path exists.</summary>
    internal static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? string.Empty;
        string resolved = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            resolved = Path.Combine(resolved, part);
            FileSystemInfo entry = Directory.Exists(resolved) ? new DirectoryInfo(resolved) : new FileInfo(resolved);
            if (entry.Exists && entry.LinkTarget is not null)
            {
                FileSystemInfo? target = entry.ResolveLinkTarget(returnFinalTarget: true);
                resolved = target is null ? resolved : Path.GetFullPath(target.FullName);
            }
        }

        return resolved;
    }
}
