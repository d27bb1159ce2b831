namespace CodeSignPS.Core.Policy;

/// <summary>What an artifact walk found: the artifacts in a stable order, and the files it set aside.</summary>
public sealed record ArtifactWalk(IReadOnlyList<Artifact> Artifacts, IReadOnlyList<ArtifactIssue> Issues);
