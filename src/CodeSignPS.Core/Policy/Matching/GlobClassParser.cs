namespace CodeSignPS.Core.Policy.Matching;

/// <summary>Reads a bracket class such as <c>[abc]</c>, <c>[a-z0-9]</c> or <c>[!x]</c> inside one segment.</summary>
internal static class GlobClassParser
{
    /// <summary>
    /// Parses the class that opens at <paramref name="index"/> and leaves <paramref name="index"/> on its
    /// closing bracket. A <c>]</c> right after the opening (or after <c>!</c>/<c>^</c>) is a member, and
    /// a <c>-</c> first or last is a member too. Returns an error message when the class is unclosed,
    /// empty or has a reversed range.
    /// </summary>
    internal static string? Parse(string segment, ref int index, out GlobCharSet? set)
    {
        set = null;
        int position = index + 1;
        bool negated = position < segment.Length && segment[position] is '!' or '^';
        if (negated)
        {
            position++;
        }

        var ranges = new List<(char Low, char High)>();
        int first = position;
        while (position < segment.Length && (segment[position] != ']' || position == first))
        {
            char low = segment[position];
            char high = low;
            if (position + 2 < segment.Length && segment[position + 1] == '-' && segment[position + 2] != ']')
            {
                high = segment[position + 2];
                position += 2;
            }

            if (high < low)
            {
                return $"the class in '{segment}' has the range '{low}-{high}', whose end comes before its start; write it as '{high}-{low}'";
            }

            ranges.Add((low, high));
            position++;
        }

        if (position >= segment.Length)
        {
            return $"the class opened by '[' in '{segment}' is not closed in that segment; add ']' or remove the '['";
        }

        index = position;
        set = GlobCharSet.Class(ranges.ToArray(), negated);
        return null;
    }
}
