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
    public static EffectivePolicy? Resolve(PolicyDocument document, string? environment, ICollection<PolicyError> errors)
        => throw new NotImplementedException("Contract placeholder: the resolver is being written.");
}
