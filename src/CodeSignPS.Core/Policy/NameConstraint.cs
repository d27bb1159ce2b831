namespace CodeSignPS.Core.Policy;

/// <summary>
/// A <c>subject</c> or <c>issuer</c> map of a publisher: every attribute listed must be present in the
/// certificate's name with every value listed (a subset match). Attributes are kept as written
/// (<c>S</c> or <c>ST</c>, <c>E</c> or <c>emailAddress</c>); matching maps them to OIDs.
/// </summary>
public sealed record NameConstraint(SourcePosition Position, IReadOnlyList<NameAttributeConstraint> Attributes);

/// <summary>One attribute of a <see cref="NameConstraint"/>: a single value, or a list for a multi-valued attribute.</summary>
public sealed record NameAttributeConstraint(string Attribute, IReadOnlyList<string> Values, SourcePosition Position);
