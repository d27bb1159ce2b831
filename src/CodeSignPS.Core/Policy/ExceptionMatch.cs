namespace CodeSignPS.Core.Policy;

/// <summary>The exception that matched an artifact, and how; <see cref="Exception"/> is null for <see cref="ExceptionMatchKind.None"/>.</summary>
/// <param name="Sha256">The artifact's SHA-256 in lower-case hex, when a path match made it necessary to compute it.</param>
public sealed record ExceptionMatch(ExceptionMatchKind Kind, ExceptionDefinition? Exception, string? Sha256)
{
    public static ExceptionMatch None { get; } = new(ExceptionMatchKind.None, null, null);
}
