namespace CodeSignPS;

/// <summary>A file system path that a cmdlet processes.</summary>
/// <param name="Path">Full provider path of the file.</param>
/// <param name="IsNamedExplicitly">
/// True when the caller named this file itself (a literal path or a path without wildcards); false
/// when a wildcard or -Recurse found it. Files found by a search are skipped quietly when their type
/// is not supported, while a file named explicitly gets an error.
/// </param>
internal sealed record ResolvedFile(string Path, bool IsNamedExplicitly);
