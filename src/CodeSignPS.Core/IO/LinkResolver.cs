namespace CodeSignPS.Core.IO;

/// <summary>
/// Resolves every symbolic link in a path, in its folders as well as its last component, as the
/// system does when it opens the path. .NET resolves only the last component.
/// </summary>
public static class LinkResolver
{
    // The same bound as Linux's MAXSYMLINKS, so that a loop of links ends.
    private const int MaximumLinks = 40;

    /// <summary>
    /// Returns the full path of <paramref name="path"/> with every link in it resolved. Components
    /// that do not exist are kept as written, so the path of a file not yet created resolves too.
    /// </summary>
    /// <exception cref="IOException">The path goes through more than 40 links, as a loop of links does.</exception>
    public static string ResolveAll(string path)
    {
        string full = Path.GetFullPath(path);
        for (int links = 0; links <= MaximumLinks; links++)
        {
            string? next = ResolveFirstLink(full);
            if (next is null)
            {
                return full;
            }

            full = next;
        }

        throw new IOException($"'{path}' goes through more than {MaximumLinks} symbolic links; the links form a loop.");
    }

    // Returns the path with its first link replaced by the link's target, or null when no
    // component of the path is a link.
    private static string? ResolveFirstLink(string full)
    {
        string root = Path.GetPathRoot(full) ?? string.Empty;
        string[] components = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        string current = root;
        for (int i = 0; i < components.Length; i++)
        {
            string candidate = Path.Combine(current, components[i]);
            string? linkTarget = new FileInfo(candidate).LinkTarget;
            if (linkTarget is not null)
            {
                // A relative target is relative to the folder that contains the link.
                string target = Path.GetFullPath(linkTarget, current);
                return Path.GetFullPath(Path.Combine([target, .. components[(i + 1)..]]));
            }

            current = candidate;
        }

        return null;
    }
}
