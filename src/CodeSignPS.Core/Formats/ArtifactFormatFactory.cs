namespace CodeSignPS.Core.Formats;

/// <summary>Chooses the format that handles a file from its extension.</summary>
public static class ArtifactFormatFactory
{
    /// <summary>File extensions that some format handles, with their dots.</summary>
    public static IReadOnlyList<string> SupportedExtensions => PowerShellScriptFormat.Extensions;

    /// <summary>
    /// Returns the format for <paramref name="path"/> by its extension (case-insensitive), or null
    /// when no format handles it.
    /// </summary>
    public static ArtifactFormat? TryGetFormat(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path);
        return extension.Length == 0 ? null : PowerShellScriptFormat.TryCreate(extension);
    }

    /// <summary>Returns the format for <paramref name="path"/>.</summary>
    /// <exception cref="CodeSignException">No format handles the file (UnsupportedFormat).</exception>
    public static ArtifactFormat GetFormat(string path) => TryGetFormat(path) ?? throw new CodeSignException(
        "UnsupportedFormat",
        FailureCategory.InvalidArgument,
        $"'{path}' is not a format that can carry an embedded signature (supported: {string.Join(", ", SupportedExtensions)}); sign it with -Detached, which writes the signature to '{path}.p7s'.",
        path);
}
