namespace CodeSignPS.Core.Policy.Matching;

/// <summary>Turns glob text into a <see cref="GlobAutomaton"/>, one segment at a time.</summary>
internal static class GlobPatternBuilder
{
    /// <summary>Builds the automaton and counts the characters outside wildcards; returns an error message instead when the text is invalid.</summary>
    internal static string? Build(string text, out GlobAutomaton? automaton, out int specificity)
    {
        automaton = null;
        specificity = 0;
        string? error = CheckShape(text);
        if (error is not null)
        {
            return error;
        }

        var built = new GlobAutomaton();
        int state = built.Start;
        string[] segments = text.Split('/');
        for (int index = 0; index < segments.Length; index++)
        {
            bool last = index == segments.Length - 1;
            if (segments[index] == "**")
            {
                state = last ? AddTrailingDoubleStar(built, state) : AddSegmentsDoubleStar(built, state);
                specificity += last ? 0 : 1;
                continue;
            }

            error = AddSegment(built, ref state, segments[index], ref specificity);
            if (error is not null)
            {
                return error;
            }

            if (!last)
            {
                state = AddStep(built, state, GlobCharSet.Slash);
                specificity++;
            }
        }

        built.Complete(state);
        automaton = built;
        return null;
    }

    private static string? CheckShape(string text)
    {
        if (text.Length == 0)
        {
            return "the pattern is empty; write a path pattern such as '**/*.ps1'";
        }

        if (text.Contains('\\'))
        {
            return "it contains '\\'; separate folders with '/' on every platform";
        }

        if (text.StartsWith('/'))
        {
            return "it starts with '/'; patterns are relative to the artifact root, so remove the leading '/'";
        }

        if (text.Split('/').Any(segment => segment.Length == 0))
        {
            return "it has an empty folder name ('//' or a trailing '/'); remove the extra '/'";
        }

        // Walked paths are plain relative paths: a drive, '.' or '..' never occurs in one, so such a
        // pattern would silently match nothing.
        if (text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':')
        {
            return $"it starts with the drive '{text[..2]}'; patterns are relative to the artifact root, so remove the drive";
        }

        if (text.Split('/').Any(segment => segment is "." or ".."))
        {
            return "it has a '.' or '..' folder; patterns stay inside the artifact root, so write the path from the root without them";
        }

        return null;
    }

    // '**' followed by '/': zero or more whole segments, each '[^/]+/', then back to where it started.
    private static int AddSegmentsDoubleStar(GlobAutomaton automaton, int state)
    {
        int after = automaton.AddState();
        int inSegment = automaton.AddState();
        automaton.AddEpsilon(state, after);
        automaton.AddEdge(state, GlobCharSet.NonSlash, inSegment);
        automaton.AddEdge(inSegment, GlobCharSet.NonSlash, inSegment);
        automaton.AddEdge(inSegment, GlobCharSet.Slash, state);
        return after;
    }

    // '**' as the last segment: one or more characters of any kind, so 'a/**' is everything under 'a'.
    private static int AddTrailingDoubleStar(GlobAutomaton automaton, int state)
    {
        int rest = automaton.AddState();
        automaton.AddEdge(state, GlobCharSet.Any, rest);
        automaton.AddEdge(rest, GlobCharSet.Any, rest);
        return rest;
    }

    private static string? AddSegment(GlobAutomaton automaton, ref int state, string segment, ref int specificity)
    {
        for (int i = 0; i < segment.Length; i++)
        {
            char c = segment[i];
            switch (c)
            {
                case '*' when i + 1 < segment.Length && segment[i + 1] == '*':
                    return $"'**' shares the segment '{segment}' with other characters; use '*' within a segment and '**' only as a whole segment such as '**/'";
                case '*':
                    // The loop sits on a fresh state so that a later '**/' construct never returns into it.
                    state = AddStep(automaton, state, null);
                    automaton.AddEdge(state, GlobCharSet.NonSlash, state);
                    break;
                case '?':
                    state = AddStep(automaton, state, GlobCharSet.NonSlash);
                    break;
                case '[':
                    string? error = GlobClassParser.Parse(segment, ref i, out GlobCharSet? set);
                    if (error is not null)
                    {
                        return error;
                    }

                    state = AddStep(automaton, state, set);
                    break;
                default:
                    state = AddStep(automaton, state, GlobCharSet.Literal(c));
                    specificity++;
                    break;
            }
        }

        return null;
    }

    /// <summary>Adds a state reached from <paramref name="state"/> by <paramref name="set"/>, or by an epsilon move when it is null.</summary>
    private static int AddStep(GlobAutomaton automaton, int state, GlobCharSet? set)
    {
        int next = automaton.AddState();
        if (set is null)
        {
            automaton.AddEpsilon(state, next);
        }
        else
        {
            automaton.AddEdge(state, set, next);
        }

        return next;
    }
}
