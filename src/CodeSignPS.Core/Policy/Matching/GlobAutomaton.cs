namespace CodeSignPS.Core.Policy.Matching;

/// <summary>
/// A nondeterministic automaton over the characters of a path, built from a glob. Matching runs the
/// automaton over the path; two automata are run together to find a path both accept.
/// </summary>
internal sealed class GlobAutomaton
{
    private readonly List<List<(GlobCharSet Set, int Target)>> _edges = [];
    private readonly List<List<int>> _epsilons = [];
    private int[][] _closures = [];

    internal GlobAutomaton()
    {
        Start = AddState();
    }

    internal int Start { get; }

    internal int Accept { get; private set; }

    internal int StateCount => _edges.Count;

    internal int AddState()
    {
        _edges.Add([]);
        _epsilons.Add([]);
        return _edges.Count - 1;
    }

    internal void AddEdge(int from, GlobCharSet set, int to) => _edges[from].Add((set, to));

    internal void AddEpsilon(int from, int to) => _epsilons[from].Add(to);

    internal IReadOnlyList<(GlobCharSet Set, int Target)> EdgesFrom(int state) => _edges[state];

    internal IReadOnlyList<int> EpsilonsFrom(int state) => _epsilons[state];

    /// <summary>Marks the accepting state and precomputes the epsilon closures that matching walks.</summary>
    internal void Complete(int accept)
    {
        Accept = accept;
        _closures = new int[StateCount][];
        for (int state = 0; state < StateCount; state++)
        {
            _closures[state] = ComputeClosure(state);
        }
    }

    internal bool IsMatch(string path)
    {
        var current = new bool[StateCount];
        var next = new bool[StateCount];
        AddClosure(current, Start);

        foreach (char c in path)
        {
            Array.Clear(next);
            bool any = false;
            for (int state = 0; state < current.Length; state++)
            {
                if (!current[state])
                {
                    continue;
                }

                foreach ((GlobCharSet set, int target) in _edges[state])
                {
                    if (set.Matches(c))
                    {
                        AddClosure(next, target);
                        any = true;
                    }
                }
            }

            if (!any)
            {
                return false;
            }

            (current, next) = (next, current);
        }

        return current[Accept];
    }

    private void AddClosure(bool[] states, int state)
    {
        foreach (int reached in _closures[state])
        {
            states[reached] = true;
        }
    }

    private int[] ComputeClosure(int state)
    {
        var reached = new List<int> { state };
        for (int i = 0; i < reached.Count; i++)
        {
            foreach (int target in _epsilons[reached[i]])
            {
                if (!reached.Contains(target))
                {
                    reached.Add(target);
                }
            }
        }

        return reached.ToArray();
    }
}
