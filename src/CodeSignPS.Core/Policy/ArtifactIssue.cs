namespace CodeSignPS.Core.Policy;

/// <summary>A file the artifact walk could not turn into an artifact, and why.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="ErrorId">
/// A stable PascalCase id: <c>ArtifactOutsideRoot</c> (a file or linked folder outside the root),
/// <c>FolderUnreadable</c>, <c>PathNotFound</c>, <c>SignedFileNotFound</c> or <c>ArtifactLinkLoop</c> (warnings).
/// </param>
/// <param name="IsWarning">True for a problem that does not hide an artifact, such as a .p7s whose file is missing; otherwise files were not evaluated and a gate in enforce mode fails.</param>
public sealed record ArtifactIssue(string Path, string ErrorId, string Message, bool IsWarning);
