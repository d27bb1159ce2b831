namespace CodeSignPS.Core.Policy;

/// <summary>One file a policy judges, with the path that its rules and exceptions match.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="RelativePath">The path relative to the artifact root, with <c>/</c> separators.</param>
public sealed record Artifact(string Path, string RelativePath);
