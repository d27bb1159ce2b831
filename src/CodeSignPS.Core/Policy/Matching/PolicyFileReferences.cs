namespace CodeSignPS.Core.Policy.Matching;

/// <summary>Expands a file reference of a policy (a trust store's certificates, a CRL entry) relative to the policy's folder.</summary>
/// <remarks>
/// A reference without wildcards is one path, a file or a folder, returned whether or not it exists so
/// that the loader that reads it reports a missing one. A reference with wildcards is a
/// <see cref="GlobPattern"/> below its leading wildcard-free folders and must match at least one file.
/// </remarks>
internal static class PolicyFileReferences
{
    private static readonly char[] WildcardCharacters = ['*', '?', '['];

    /// <summary>The full paths the reference names, in ordinal order; on failure an error message instead.</summary>
    internal static string? Expand(string policyFolder, string reference, out IReadOnlyList<string> paths)
    {
        paths = [];
        if (reference.IndexOfAny(WildcardCharacters) < 0)
        {
            paths = [Path.GetFullPath(Path.Combine(policyFolder, reference))];
            return null;
        }

        string[] segments = reference.Split('/');
        int fixedCount = segments.TakeWhile(segment => segment.IndexOfAny(WildcardCharacters) < 0).Count();
        string baseFolder = Path.GetFullPath(Path.Combine(policyFolder, string.Join('/', segments.Take(fixedCount))));
        string rest = string.Join('/', segments.Skip(fixedCount));
        if (!GlobPattern.TryParse(rest, out GlobPattern? pattern, out string? error))
        {
            return $"the pattern '{reference}' is invalid: {error}";
        }

        if (!Directory.Exists(baseFolder))
        {
            return $"the pattern '{reference}' starts in the folder '{baseFolder}', which does not exist";
        }

        bool recursive = segments.Length - fixedCount > 1 || rest.Contains("**", StringComparison.Ordinal);
        string[] matched = List(baseFolder, recursive)
            .Where(file => pattern!.IsMatch(Path.GetRelativePath(baseFolder, file).Replace(Path.DirectorySeparatorChar, '/')))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (matched.Length == 0)
        {
            return $"the pattern '{reference}' matched no file under '{baseFolder}'";
        }

        paths = matched;
        return null;
    }

    private static IEnumerable<string> List(string folder, bool recursive)
    {
        try
        {
            return Directory.GetFiles(folder, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException(
                "PolicyFileListFailed",
                FailureCategory.ReadError,
                $"The folder '{folder}' could not be listed: {ex.Message}",
                folder,
                ex);
        }
    }
}
