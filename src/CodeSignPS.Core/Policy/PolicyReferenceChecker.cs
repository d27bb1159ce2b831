using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Checks that the names in a parsed <see cref="PolicyDocument"/> refer to something: publishers to
/// code signing trust stores, rules to publishers, environments to environments (without a cycle of
/// <c>extends</c>), exceptions to environments, overrides and per-environment levels to rules. These
/// are the checks a JSON Schema cannot make, since they compare one part of the file with another.
/// </summary>
public static class PolicyReferenceChecker
{
    /// <summary>Adds an error to <paramref name="errors"/> for every name that refers to nothing or to the wrong kind of thing.</summary>
    public static void Check(PolicyDocument document, ICollection<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(errors);

        var report = new Action<SourcePosition, string, string>((position, code, message) =>
            errors.Add(new PolicyError(document.FilePath, position.Line, position.Column, code, message)));
        CheckSharedNames(document, report);
        CheckPublishers(document, report);
        CheckRules(document, report);
        CheckEnvironments(document, report);
        CheckExceptions(document, report);
    }

    // Trust stores and publishers are both named by the author and both shown in decisions and the
    // explain view; one name for two things would make those ambiguous.
    private static void CheckSharedNames(PolicyDocument document, Action<SourcePosition, string, string> report)
    {
        var storeNames = document.TrustStores.Select(store => store.Name).ToHashSet(StringComparer.Ordinal);
        foreach (PublisherDefinition publisher in document.Publishers.Where(publisher => storeNames.Contains(publisher.Name)))
        {
            report(publisher.Position, "DuplicateName", $"'{publisher.Name}' names both a trust store and a publisher; decisions and the effective view would not say which is meant. Rename one of them.");
        }
    }

    private static void CheckPublishers(PolicyDocument document, Action<SourcePosition, string, string> report)
    {
        var stores = document.TrustStores.ToDictionary(store => store.Name, StringComparer.Ordinal);
        foreach (PublisherDefinition publisher in document.Publishers)
        {
            foreach (PolicyValue<string> name in publisher.TrustStores)
            {
                if (!stores.TryGetValue(name.Value, out TrustStoreDefinition? store))
                {
                    report(name.Position, "UnknownTrustStore", $"The publisher '{publisher.Name}' names the trust store '{name.Value}', which 'trustStores' does not define; defined: {List(stores.Keys)}. Define it or fix the name.");
                }
                else if (store.Role.Value != TrustStoreRole.CodeSigning)
                {
                    report(name.Position, "StoreRoleMismatch", $"The publisher '{publisher.Name}' names the trust store '{name.Value}', whose role is timestamping; a publisher chains to a codeSigning store. Name a codeSigning store.");
                }
            }
        }
    }

    private static void CheckRules(PolicyDocument document, Action<SourcePosition, string, string> report)
    {
        var publishers = document.Publishers.Select(publisher => publisher.Name).ToHashSet(StringComparer.Ordinal);
        foreach (RuleDefinition rule in document.Rules)
        {
            foreach (PolicyValue<string> name in rule.Publishers.Where(name => !publishers.Contains(name.Value)))
            {
                report(name.Position, "UnknownPublisher", $"The rule '{rule.Name}' names the publisher '{name.Value}', which 'publishers' does not define; defined: {List(publishers)}. Define it or fix the name.");
            }
        }
    }

    private static void CheckEnvironments(PolicyDocument document, Action<SourcePosition, string, string> report)
    {
        var environments = document.Environments.ToDictionary(environment => environment.Name, StringComparer.Ordinal);
        var rules = document.Rules.Select(rule => rule.Name).ToHashSet(StringComparer.Ordinal);
        foreach (EnvironmentDefinition environment in document.Environments)
        {
            if (environment.Extends is { } extends && !environments.ContainsKey(extends.Value))
            {
                report(extends.Position, "UnknownEnvironment", $"The environment '{environment.Name}' extends '{extends.Value}', which 'environments' does not define; defined: {List(environments.Keys)}. Define it or fix the name.");
            }

            foreach ((string rule, PolicyValue<ValidationLevel> level) in environment.RuleMinimumLevels.Where(pair => !rules.Contains(pair.Key)))
            {
                report(level.Position, "UnknownRule", $"The environment '{environment.Name}' sets a level for the rule '{rule}', which 'rules' does not define; defined: {List(rules)}. Fix the rule name.");
            }

            foreach (PolicyOverride entry in environment.Overrides)
            {
                string[] parts = entry.Setting.Value.Split('.');
                if (parts[0] == "rules" && !rules.Contains(string.Join('.', parts[1..^1])))
                {
                    report(entry.Setting.Position, "UnknownRule", $"The override '{entry.Setting.Value}' of the environment '{environment.Name}' names a rule that 'rules' does not define; defined: {List(rules)}. Fix the rule name.");
                }
            }
        }

        CheckExtendsCycles(document, environments, report);
    }

    /// <summary>Follows each environment's <c>extends</c> chain; a chain that comes back to where it started is a cycle, reported once at each member.</summary>
    private static void CheckExtendsCycles(PolicyDocument document, Dictionary<string, EnvironmentDefinition> environments, Action<SourcePosition, string, string> report)
    {
        foreach (EnvironmentDefinition start in document.Environments)
        {
            var path = new List<string> { start.Name };
            EnvironmentDefinition current = start;
            while (current.Extends is { } extends && environments.TryGetValue(extends.Value, out EnvironmentDefinition? parent))
            {
                if (parent.Name == start.Name)
                {
                    report(start.Extends!.Position, "ExtendsCycle", $"The environment '{start.Name}' extends itself through {string.Join(" -> ", path.Append(start.Name))}; an environment can only tighten one it does not depend on. Break the cycle.");
                    break;
                }

                if (path.Contains(parent.Name) || path.Count > environments.Count)
                {
                    break;
                }

                path.Add(parent.Name);
                current = parent;
            }
        }
    }

    private static void CheckExceptions(PolicyDocument document, Action<SourcePosition, string, string> report)
    {
        var environments = document.Environments.Select(environment => environment.Name).ToHashSet(StringComparer.Ordinal);
        foreach (ExceptionDefinition exception in document.Exceptions)
        {
            foreach (PolicyValue<string> name in exception.Environments.Where(name => !environments.Contains(name.Value)))
            {
                report(name.Position, "UnknownEnvironment", $"The exception for '{exception.Path.Value}' names the environment '{name.Value}', which 'environments' does not define; defined: {List(environments)}. Fix the name.");
            }
        }
    }

    private static string List(IEnumerable<string> names)
    {
        string joined = string.Join(", ", names);
        return joined.Length == 0 ? "none" : joined;
    }
}
