namespace CodeSignPS.Core.Policy;

/// <summary>A value read from a policy file, with the place it was written.</summary>
public sealed record PolicyValue<T>(T Value, SourcePosition Position);
