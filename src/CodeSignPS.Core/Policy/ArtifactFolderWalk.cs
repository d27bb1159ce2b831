using CodeSignPS.Core.IO;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Lists the files below one folder for <see cref="ArtifactWalker"/>, following links to folders so that
/// no file a deployment can carry along goes unjudged.
/// </summary>
/// <remarks>
/// A gate must not pass what it never looked at, so nothing below the folder is left out in silence.
/// A linked folder is walked under the path of the link. A linked folder whose real path is outside the
/// artifact root, and a folder that cannot be listed, are issues that count as not evaluated. A link back
/// to a folder that is already being walked (a loop) is a warning, because its files are judged there.
/// Hidden files are included. Named pipes, devices and sockets are left out because reading a pipe blocks.
/// </remarks>
internal sealed class ArtifactFolderWalk
{
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly string _realRoot;
    private readonly List<ArtifactIssue> _issues;

    internal ArtifactFolderWalk(string root, List<ArtifactIssue> issues)
    {
        _realRoot = RealPath(root);
        _issues = issues;
    }

    /// <summary>Returns the full paths of the regular files below <paramref name="folder"/>, in no particular order.</summary>
    internal List<string> ListFiles(string folder)
    {
        var files = new List<string>();
        var pending = new Stack<(string Path, ImmutableChain Ancestors)>();
        pending.Push((folder, ImmutableChain.Empty.Push(RealPath(folder))));
        while (pending.Count > 0)
        {
            (string current, ImmutableChain ancestors) = pending.Pop();
            foreach (FileSystemInfo entry in ListEntries(current))
            {
                if (entry is DirectoryInfo directory)
                {
                    string? realPath = directory.LinkTarget is null ? null : RealPath(directory.FullName);
                    if (realPath is null)
                    {
                        pending.Push((directory.FullName, ancestors.Push(Path.Combine(ancestors.Head, directory.Name))));
                    }
                    else if (AcceptLinkedFolder(directory.FullName, realPath, ancestors))
                    {
                        pending.Push((directory.FullName, ancestors.Push(realPath)));
                    }
                }
                else if (FileStatus.IsRegularFile(entry.FullName) && !AtomicFileWriter.IsTemporaryFile(entry.FullName))
                {
                    files.Add(entry.FullName);
                }
            }
        }

        return files;
    }

    /// <summary>Resolves every link in <paramref name="path"/>, so that two names of one folder compare equal.</summary>
    /// <remarks>Like realpath(3): a link's target replaces the link and is resolved in turn; a chain of more than 40 links is left unresolved.</remarks>
    internal static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        string resolved = Path.GetPathRoot(full) ?? string.Empty;
        var remaining = new Queue<string>(Split(full[resolved.Length..]));
        int hops = 0;
        while (remaining.Count > 0)
        {
            string candidate = Path.Combine(resolved, remaining.Dequeue());
            string? target = hops < MaxLinkHops ? TryLinkTarget(candidate) : null;
            if (target is null)
            {
                resolved = candidate;
                continue;
            }

            hops++;
            string absolute = Path.GetFullPath(target, resolved.Length == 0 ? candidate : resolved);
            string targetRoot = Path.GetPathRoot(absolute) ?? string.Empty;
            remaining = new Queue<string>(Split(absolute[targetRoot.Length..]).Concat(remaining));
            resolved = targetRoot;
        }

        return resolved;
    }

    private static string[] Split(string relative) => relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);

    private static string? TryLinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private bool AcceptLinkedFolder(string linkPath, string realPath, ImmutableChain ancestors)
    {
        if (ancestors.Contains(realPath))
        {
            string loop = $"The linked folder '{linkPath}' leads back to '{realPath}', a folder this walk is already inside, so its files are judged there and not again under the link.";
            _issues.Add(new ArtifactIssue(linkPath, "ArtifactLinkLoop", loop, IsWarning: true));
            return false;
        }

        if (ArtifactWalker.ToRelativePath(_realRoot, realPath) is null && !string.Equals(realPath, _realRoot, PathComparison))
        {
            string outside = $"The linked folder '{linkPath}' points to '{realPath}', which is outside the artifact root '{_realRoot}', so none of its files were evaluated. "
                + "Replace the link with the files it points to, give a -Root that contains its target, or remove the link.";
            _issues.Add(new ArtifactIssue(linkPath, "ArtifactOutsideRoot", outside, IsWarning: false));
            return false;
        }

        return true;
    }

    private List<FileSystemInfo> ListEntries(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        try
        {
            return new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string message = $"The folder '{folder}' could not be listed ({ex.Message}), so none of its files were evaluated. "
                + "Give the account that runs the gate read access to it, or remove the folder from what is deployed.";
            _issues.Add(new ArtifactIssue(folder, "FolderUnreadable", message, IsWarning: false));
            return [];
        }
    }

    /// <summary>The real paths of the folders from the walk's start down to the current one.</summary>
    private sealed class ImmutableChain
    {
        internal static readonly ImmutableChain Empty = new(null, string.Empty);

        private readonly ImmutableChain? _parent;

        private ImmutableChain(ImmutableChain? parent, string head)
        {
            _parent = parent;
            Head = head;
        }

        internal string Head { get; }

        internal ImmutableChain Push(string realPath) => new(this, realPath);

        internal bool Contains(string realPath)
        {
            for (ImmutableChain? link = this; link is not null && link._parent is not null; link = link._parent)
            {
                if (string.Equals(link.Head, realPath, PathComparison))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
