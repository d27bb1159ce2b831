using System.Runtime.CompilerServices;

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

    /// <summary>Runs the automaton over <paramref name="path"/>, keeping only the active states so a step costs what is active.</summary>
    /// <remarks>
    /// Fully optimized from the first call: a run selects rules for thousands of paths once, and the
    /// first, unoptimized tier of the JIT made a cold run several times slower.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool IsMatch(string path)
    {
        Span<int> current = StateCount <= 128 ? stackalloc int[StateCount] : new int[StateCount];
        Span<int> next = StateCount <= 128 ? stackalloc int[StateCount] : new int[StateCount];
        Span<bool> inNext = StateCount <= 128 ? stackalloc bool[StateCount] : new bool[StateCount];
        int currentCount = AddClosure(current, 0, inNext, Start);

        foreach (char c in path)
        {
            inNext.Clear();
            int nextCount = 0;
            for (int i = 0; i < currentCount; i++)
            {
                foreach ((GlobCharSet set, int target) in _edges[current[i]])
                {
                    if (set.Matches(c))
                    {
                        nextCount = AddClosure(next, nextCount, inNext, target);
                    }
                }
            }

            if (nextCount == 0)
            {
                return false;
            }

            next[..nextCount].CopyTo(current);
            currentCount = nextCount;
        }

        return current[..currentCount].Contains(Accept);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int AddClosure(Span<int> states, int count, Span<bool> present, int state)
    {
        foreach (int reached in _closures[state])
        {
            if (!present[reached])
            {
                present[reached] = true;
                states[count++] = reached;
            }
        }

        return count;
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
