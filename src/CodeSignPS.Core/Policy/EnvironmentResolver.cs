namespace CodeSignPS.Core.Policy;

/// <summary>
/// Turns a parsed document into the effective settings of an environment: built-in defaults, then
/// <c>defaults</c>, then each environment from the root of its <c>extends</c> chain down, then its
/// overrides. An environment may only tighten what it extends; loosening without an override is an error.
/// </summary>
public static class EnvironmentResolver
{
    /// <summary>
    /// Resolves <paramref name="environment"/> (null for the defaults alone). Problems (an extends
    /// cycle, a loosened setting, an override of an unknown setting) are added to <paramref name="errors"/>;
    /// the result is null when the environment cannot be resolved.
    /// </summary>
    /// <remarks>
    /// A problem already in <paramref name="errors"/> at the same line, column and code is not added
    /// again, so one list can collect the problems of every environment: an environment's chain is
    /// checked again for each environment that extends it. The result is null whenever a problem is
    /// found on the chain, listed now or before.
    /// </remarks>
    /// <exception cref="CodeSignException"><c>PolicyEnvironmentNotFound</c>: the document has no environment named <paramref name="environment"/>.</exception>
    public static EffectivePolicy? Resolve(PolicyDocument document, string? environment, ICollection<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(errors);

        ResolverErrors reporter = new(document.FilePath, errors);
        ResolverState state = new();
        EnvironmentLayer.ApplyDefaults(state, document.Defaults, reporter);
        if (environment is null)
        {
            return reporter.Found ? null : state.Build(document, null);
        }

        EnvironmentDefinition definition = document.Environments.FirstOrDefault(candidate => candidate.Name == environment)
            ?? throw new CodeSignException(
                "PolicyEnvironmentNotFound",
                FailureCategory.ObjectNotFound,
                $"The policy file '{document.FilePath}' has no environment '{environment}'. Its environments are: {(document.Environments.Count == 0 ? "none" : string.Join(", ", document.Environments.Select(candidate => candidate.Name)))}.",
                document.FilePath);

        IReadOnlyList<EnvironmentDefinition>? chain = ExtendsChain.Find(document, definition, reporter);
        if (chain is null)
        {
            return null;
        }

        foreach (EnvironmentDefinition layer in chain)
        {
            EnvironmentLayer.ApplyEnvironment(state, layer, document.Rules, reporter);
        }

        return reporter.Found ? null : state.Build(document, environment);
    }
}
