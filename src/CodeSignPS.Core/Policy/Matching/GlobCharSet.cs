namespace CodeSignPS.Core.Policy.Matching;

/// <summary>The characters one step of a glob automaton accepts: a literal, any but <c>/</c>, any, or a bracket class.</summary>
internal sealed class GlobCharSet
{
    /// <summary>Characters tried, in order, when looking for one that two sets share; letters first so examples read well.</summary>
    private const string PreferredCandidates = "abcdefghijklmnopqrstuvwxyz0123456789_-.";

    private readonly char _literal;
    private readonly (char Low, char High)[] _ranges;
    private readonly bool _negated;

    private GlobCharSet(GlobCharSetKind kind, char literal, (char Low, char High)[] ranges, bool negated)
    {
        Kind = kind;
        _literal = literal;
        _ranges = ranges;
        _negated = negated;
    }

    internal static GlobCharSet NonSlash { get; } = new(GlobCharSetKind.NonSlash, '\0', [], false);

    internal static GlobCharSet Any { get; } = new(GlobCharSetKind.Any, '\0', [], false);

    internal static GlobCharSet Slash { get; } = Literal('/');

    internal GlobCharSetKind Kind { get; }

    internal static GlobCharSet Literal(char value) => new(GlobCharSetKind.Literal, value, [], false);

    /// <summary>A bracket class; it never matches <c>/</c>, whatever its ranges, because a class stays within one segment.</summary>
    internal static GlobCharSet Class((char Low, char High)[] ranges, bool negated) => new(GlobCharSetKind.Class, '\0', ranges, negated);

    internal bool Matches(char c) => Kind switch
    {
        GlobCharSetKind.Literal => c == _literal,
        GlobCharSetKind.NonSlash => c != '/',
        GlobCharSetKind.Any => true,
        _ => c != '/' && InRanges(c) != _negated,
    };

    /// <summary>A character both sets accept, or null when they share none; exact, and used only while a policy loads.</summary>
    internal char? FindCommon(GlobCharSet other)
    {
        if (Kind == GlobCharSetKind.Literal)
        {
            return other.Matches(_literal) ? _literal : null;
        }

        if (other.Kind == GlobCharSetKind.Literal)
        {
            return Matches(other._literal) ? other._literal : null;
        }

        foreach (char candidate in PreferredCandidates)
        {
            if (Matches(candidate) && other.Matches(candidate))
            {
                return candidate;
            }
        }

        for (int code = char.MinValue; code <= char.MaxValue; code++)
        {
            if (Matches((char)code) && other.Matches((char)code))
            {
                return (char)code;
            }
        }

        return null;
    }

    private bool InRanges(char c)
    {
        foreach ((char low, char high) in _ranges)
        {
            if (c >= low && c <= high)
            {
                return true;
            }
        }

        return false;
    }
}
