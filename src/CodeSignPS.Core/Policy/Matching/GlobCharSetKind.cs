namespace CodeSignPS.Core.Policy.Matching;

/// <summary>What a <see cref="GlobCharSet"/> accepts.</summary>
internal enum GlobCharSetKind
{
    Literal,
    NonSlash,
    Any,
    Class,
}
