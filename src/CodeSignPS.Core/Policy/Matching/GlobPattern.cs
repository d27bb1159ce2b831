namespace CodeSignPS.Core.Policy.Matching;

/// <summary>
/// A glob over paths relative to an artifact root, with <c>/</c> as the only separator:
/// <c>*</c> matches any characters within one segment, <c>?</c> one character other than <c>/</c>,
/// <c>[abc]</c>, <c>[a-z]</c> and <c>[!a-z]</c> (or <c>[^a-z]</c>) one character of a class, and a
/// whole segment <c>**</c> any number of segments: none or more in front of or between segments
/// (<c>**/x</c> matches <c>x</c>, <c>a/**/b</c> matches <c>a/b</c>), one or more at the end
/// (<c>a/**</c> matches everything under <c>a</c>).
/// </summary>
/// <remarks>
/// Matching is ordinal and case-sensitive, as paths are on Linux: <c>*.PS1</c> does not match
/// <c>run.ps1</c>. Patterns have no escape character; a backslash, a leading <c>/</c> or drive, an empty,
/// <c>.</c> or <c>..</c> segment, a <c>**</c> that shares its segment with other characters, and an unclosed or empty
/// class are rejected by <see cref="TryParse"/>.
/// </remarks>
public sealed class GlobPattern
{
    private static readonly char[] WildcardStarts = ['*', '?', '['];
    private static readonly char[] WildcardEnds = ['*', '?', ']'];

    private readonly GlobAutomaton _automaton;

    // The literal text before the first wildcard and after the last one. A path must start and end
    // with them, which rejects most non-matching paths without running the automaton.
    private readonly string _literalPrefix;
    private readonly string _literalSuffix;

    private GlobPattern(string text, GlobAutomaton automaton, int specificity)
    {
        Text = text;
        _automaton = automaton;
        Specificity = specificity;
        int firstWildcard = text.IndexOfAny(WildcardStarts);
        _literalPrefix = firstWildcard < 0 ? text : text[..firstWildcard];
        _literalSuffix = firstWildcard < 0 ? text : text[(text.LastIndexOfAny(WildcardEnds) + 1)..];
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>How many characters of the pattern lie outside wildcards (<c>*</c>, <c>**</c>, <c>?</c>, classes); separators count.</summary>
    public int Specificity { get; }

    /// <summary>Parses a pattern; on failure <paramref name="error"/> describes the problem and the fix.</summary>
    public static bool TryParse(string text, out GlobPattern? pattern, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pattern = null;
        error = GlobPatternBuilder.Build(text, out GlobAutomaton? automaton, out int specificity);
        if (error is not null)
        {
            return false;
        }

        pattern = new GlobPattern(text, automaton!, specificity);
        return true;
    }

    /// <summary>Parses a pattern the caller knows to be valid.</summary>
    /// <exception cref="ArgumentException">The pattern is invalid, and the message gives the reason.</exception>
    public static GlobPattern Parse(string text)
        => TryParse(text, out GlobPattern? pattern, out string? error)
            ? pattern!
            : throw new ArgumentException($"The glob pattern '{text}' is invalid: {error}", nameof(text));

    /// <summary>Whether the pattern matches the whole of <paramref name="relativePath"/> (ordinal, case-sensitive).</summary>
    public bool IsMatch(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return relativePath.StartsWith(_literalPrefix, StringComparison.Ordinal)
            && relativePath.EndsWith(_literalSuffix, StringComparison.Ordinal)
            && _automaton.IsMatch(relativePath);
    }

    /// <summary>A path that both patterns match, or null when no path does; exact, not a heuristic.</summary>
    public string? FindCommonPath(GlobPattern other)
    {
        ArgumentNullException.ThrowIfNull(other);
        string? common = GlobIntersection.FindCommonPath(_automaton, other._automaton);

        // Only patterns made of nothing but '*' and '**/' accept the empty path, and they all accept
        // any one-segment name as well, so a real file name makes the better example.
        return common is { Length: 0 } ? "a" : common;
    }

    public override string ToString() => Text;
}
