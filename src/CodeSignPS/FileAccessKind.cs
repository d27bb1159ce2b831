namespace CodeSignPS;

/// <summary>Whether a per-file operation reads the file or rewrites it; picks the error id for I/O failures.</summary>
internal enum FileAccessKind
{
    Read,
    Write,
}
