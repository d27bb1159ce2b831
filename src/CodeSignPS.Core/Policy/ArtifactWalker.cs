using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Turns the files and folders a caller names into artifacts relative to the artifact root. Folders
/// are walked recursively in ordinal order, through linked folders (see <see cref="ArtifactFolderWalk"/>).
/// A .p7s file is a signature, not an artifact: it is verified with the file it signs, and a .p7s whose
/// file is missing is reported once as a warning.
/// </summary>
public static class ArtifactWalker
{
    private static readonly StringComparer PathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>Walks <paramref name="paths"/> (full paths of files or folders) in the order given.</summary>
    /// <param name="root">The artifact root; a file outside it is an <c>ArtifactOutsideRoot</c> issue.</param>
    public static ArtifactWalk Walk(IEnumerable<string> paths, string root)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentException.ThrowIfNullOrEmpty(root);

        string fullRoot = Path.GetFullPath(root);
        var walk = new Collector(fullRoot);
        var folders = new ArtifactFolderWalk(fullRoot, walk.Issues);
        foreach (string path in paths)
        {
            string fullPath = Path.GetFullPath(path);
            if (Directory.Exists(fullPath))
            {
                foreach (string file in folders.ListFiles(fullPath).Order(StringComparer.Ordinal))
                {
                    walk.Add(file, isNamedExplicitly: false);
                }
            }
            else
            {
                walk.Add(fullPath, isNamedExplicitly: true);
            }
        }

        return new ArtifactWalk(walk.Artifacts, walk.Issues);
    }

    /// <summary>
    /// Returns <paramref name="path"/> relative to <paramref name="root"/> with <c>/</c> separators, or
    /// null when the file is not below the root.
    /// </summary>
    public static string? ToRelativePath(string root, string path)
    {
        string relative = Path.GetRelativePath(root, path);
        bool outside = Path.IsPathRooted(relative)
            || relative == ".."
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative == ".";
        return outside ? null : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// Whether <paramref name="path"/> is the detached signature that verification reads for another file:
    /// exactly the path <see cref="DetachedSignatureFiles.SignaturePathFor"/> gives for it, compared as
    /// this system compares paths. Any other file, such as <c>app.bin.P7S</c> on Linux, is an artifact.
    /// </summary>
    /// <returns>The file it signs, or null.</returns>
    public static string? SignedFileOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? candidate = DetachedSignatureFiles.SignedFilePathFor(path);
        return candidate is not null && PathComparer.Equals(DetachedSignatureFiles.SignaturePathFor(candidate), path) ? candidate : null;
    }

    private sealed class Collector(string root)
    {
        private readonly HashSet<string> _seen = new(PathComparer);

        public List<Artifact> Artifacts { get; } = new();

        public List<ArtifactIssue> Issues { get; } = new();

        public void Add(string path, bool isNamedExplicitly)
        {
            string? signedFile = SignedFileOf(path);
            if (signedFile is not null)
            {
                AddSignature(path, signedFile, isNamedExplicitly);
                return;
            }

            if (!_seen.Add(path))
            {
                return;
            }

            string? relative = ToRelativePath(root, path);
            if (relative is null)
            {
                string message = $"The file '{path}' is outside the artifact root '{root}', so no rule or exception can name it. Give a -Root that contains it, or leave the file out.";
                Issues.Add(new ArtifactIssue(path, "ArtifactOutsideRoot", message, IsWarning: false));
                return;
            }

            Artifacts.Add(new Artifact(path, relative));
        }

        // A .p7s found by a folder walk is skipped because the walk finds the file it signs as well.
        private void AddSignature(string signaturePath, string signedFile, bool isNamedExplicitly)
        {
            if (!File.Exists(signedFile))
            {
                if (_seen.Add(signaturePath))
                {
                    string message = $"The detached signature '{signaturePath}' signs '{signedFile}', which does not exist, so the signature was not judged. Restore the file, or delete the signature if the file was removed on purpose.";
                    Issues.Add(new ArtifactIssue(signaturePath, "SignedFileNotFound", message, IsWarning: true));
                }

                return;
            }

            if (isNamedExplicitly)
            {
                Add(signedFile, isNamedExplicitly: true);
            }
        }
    }
}
