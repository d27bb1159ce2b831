using System.Text;

namespace CodeSignPS.Core.Policy.Matching;

/// <summary>Finds a path two glob automata both accept, by a breadth-first walk of their product.</summary>
/// <remarks>
/// The search is exact: it reports an overlap only when a path exists that both patterns match, and
/// the path it returns is a short one. The product has at most one state per pair of automaton
/// states, so the walk is small for patterns of ordinary length.
/// </remarks>
internal static class GlobIntersection
{
    internal static string? FindCommonPath(GlobAutomaton first, GlobAutomaton second)
    {
        var parents = new Dictionary<(int, int), ((int, int) From, char? Step)>();
        var queue = new Queue<(int, int)>();
        (int, int) start = (first.Start, second.Start);
        parents[start] = (start, null);
        queue.Enqueue(start);

        while (queue.Count > 0)
        {
            (int a, int b) = queue.Dequeue();
            if (a == first.Accept && b == second.Accept)
            {
                return Spell(parents, (a, b), start);
            }

            foreach ((int, int) next in EpsilonSteps(first, second, a, b))
            {
                Visit(parents, queue, (a, b), next, null);
            }

            foreach ((GlobCharSet setA, int targetA) in first.EdgesFrom(a))
            {
                foreach ((GlobCharSet setB, int targetB) in second.EdgesFrom(b))
                {
                    if (setA.FindCommon(setB) is char common)
                    {
                        Visit(parents, queue, (a, b), (targetA, targetB), common);
                    }
                }
            }
        }

        return null;
    }

    private static IEnumerable<(int, int)> EpsilonSteps(GlobAutomaton first, GlobAutomaton second, int a, int b)
    {
        foreach (int target in first.EpsilonsFrom(a))
        {
            yield return (target, b);
        }

        foreach (int target in second.EpsilonsFrom(b))
        {
            yield return (a, target);
        }
    }

    private static void Visit(
        Dictionary<(int, int), ((int, int) From, char? Step)> parents,
        Queue<(int, int)> queue,
        (int, int) from,
        (int, int) to,
        char? step)
    {
        if (parents.TryAdd(to, (from, step)))
        {
            queue.Enqueue(to);
        }
    }

    private static string Spell(Dictionary<(int, int), ((int, int) From, char? Step)> parents, (int, int) end, (int, int) start)
    {
        var steps = new List<char>();
        (int, int) current = end;
        while (current != start)
        {
            ((int, int) from, char? step) = parents[current];
            if (step is char c)
            {
                steps.Add(c);
            }

            current = from;
        }

        steps.Reverse();
        return new StringBuilder().Append(steps.ToArray()).ToString();
    }
}
