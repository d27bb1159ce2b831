namespace CodeSignPS.Core.Policy;

/// <summary>Finds the environments an environment extends, directly or through others, and reports cycles.</summary>
internal static class ExtendsChain
{
    /// <summary>
    /// Returns the chain from its root (the environment that extends nothing) down to
    /// <paramref name="environment"/>, or null after reporting an extends of a missing environment or a cycle.
    /// </summary>
    public static IReadOnlyList<EnvironmentDefinition>? Find(PolicyDocument document, EnvironmentDefinition environment, ResolverErrors errors)
    {
        List<EnvironmentDefinition> chain = [environment];
        EnvironmentDefinition current = environment;
        while (current.Extends is { } extends)
        {
            EnvironmentDefinition? parent = document.Environments.FirstOrDefault(candidate => candidate.Name == extends.Value);
            if (parent is null)
            {
                ReportMissing(document, current, extends, errors);
                return null;
            }

            int seen = chain.IndexOf(parent);
            if (seen >= 0)
            {
                ReportCycle(document, chain.GetRange(seen, chain.Count - seen), errors);
                return null;
            }

            chain.Add(parent);
            current = parent;
        }

        chain.Reverse();
        return chain;
    }

    private static void ReportMissing(PolicyDocument document, EnvironmentDefinition environment, PolicyValue<string> extends, ResolverErrors errors)
    {
        string known = string.Join(", ", document.Environments.Select(definition => definition.Name));
        errors.Report(
            extends.Position,
            "UnknownEnvironment",
            $"Environment '{environment.Name}' extends '{extends.Value}', but the file has no such environment; its environments are: {known}. Name one of them, or remove extends.");
    }

    // Every environment that reaches the cycle reports it, so the error is placed at one node chosen
    // from the cycle alone: the extends of its member written first in the file. Each environment
    // in or above the cycle then reports the same error, which is listed once.
    private static void ReportCycle(PolicyDocument document, List<EnvironmentDefinition> cycle, ResolverErrors errors)
    {
        int start = cycle.IndexOf(cycle.MinBy(member => IndexIn(document, member))!);
        List<string> names = cycle.Skip(start).Concat(cycle.Take(start)).Select(member => member.Name).ToList();
        names.Add(names[0]);

        PolicyValue<string> extends = cycle[start].Extends!;
        errors.Report(
            extends.Position,
            "ExtendsCycle",
            $"Environment '{cycle[start].Name}' extends '{extends.Value}', which leads back to itself: {string.Join(" -> ", names)}. "
            + "An extends chain must end in an environment without extends; remove extends from one of these environments.");
    }

    private static int IndexIn(PolicyDocument document, EnvironmentDefinition environment)
    {
        for (int index = 0; index < document.Environments.Count; index++)
        {
            if (ReferenceEquals(document.Environments[index], environment))
            {
                return index;
            }
        }

        return int.MaxValue;
    }
}
