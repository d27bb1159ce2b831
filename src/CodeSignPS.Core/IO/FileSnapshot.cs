namespace CodeSignPS.Core.IO;

/// <summary>
/// What a file looked like at one moment: which file the path named, its length and its last write
/// time. Two snapshots that differ show that the file was written or replaced between them.
/// </summary>
/// <param name="Identity">Null where the system gives no file identity.</param>
public readonly record struct FileSnapshot(FileIdentity? Identity, long Length, DateTime LastWriteTimeUtc)
{
    /// <summary>Takes a snapshot of the file <paramref name="path"/> names, following symbolic links.</summary>
    /// <exception cref="FileNotFoundException">The path names no file.</exception>
    public static FileSnapshot Take(string path)
    {
        FileInfo file = new(path);
        FileSystemInfo resolved = file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true) ?? file;
        FileInfo target = new(resolved.FullName);
        return new FileSnapshot(FileStatus.GetIdentity(path), target.Length, target.LastWriteTimeUtc);
    }
}
