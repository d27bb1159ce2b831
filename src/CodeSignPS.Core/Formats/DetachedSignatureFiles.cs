namespace CodeSignPS.Core.Formats;

/// <summary>
/// Where detached signatures live: the signature of any file <c>F</c> is <c>F.p7s</c> beside it,
/// unless the caller names another path. A .p7s file is never signed itself.
/// </summary>
public static class DetachedSignatureFiles
{
    /// <summary>Extension of a detached signature file, with its dot.</summary>
    public const string Extension = ".p7s";

    /// <summary>Returns the default signature path of <paramref name="path"/>: the same path with .p7s appended.</summary>
    public static string SignaturePathFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path + Extension;
    }

    /// <summary>Whether <paramref name="path"/> names a detached signature file (by its extension, case-insensitive).</summary>
    public static bool IsSignatureFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) && Path.GetFileName(path).Length > Extension.Length;
    }

    /// <summary>Returns the path of the file that the signature file <paramref name="signaturePath"/> signs by default, or null for other files.</summary>
    public static string? SignedFilePathFor(string signaturePath)
        => IsSignatureFile(signaturePath) ? signaturePath[..^Extension.Length] : null;
}
