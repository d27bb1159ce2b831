namespace CodeSignPS.Core.Policy;

/// <summary>A file the artifact walk could not turn into an artifact, and why.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="ErrorId">A stable PascalCase id: <c>ArtifactOutsideRoot</c> or <c>SignedFileNotFound</c>.</param>
/// <param name="IsWarning">True for a problem that does not hide an artifact, such as a .p7s whose file is missing.</param>
public sealed record ArtifactIssue(string Path, string ErrorId, string Message, bool IsWarning);
