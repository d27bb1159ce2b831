namespace CodeSignPS.Core.Policy;

/// <summary>A policy file that parsed, whose references resolve, and whose every environment resolves.</summary>
public sealed class LoadedPolicy
{
    public required PolicyDocument Document { get; init; }

    /// <summary>Legal but suspicious things, such as rules that can overlap.</summary>
    public IReadOnlyList<PolicyWarning> Warnings { get; init; } = [];

    /// <summary>The effective settings of every environment by name (ordinal), and of the defaults under the empty name.</summary>
    public required IReadOnlyDictionary<string, EffectivePolicy> Environments { get; init; }

    /// <summary>The effective settings of one environment, or of the defaults when <paramref name="environment"/> is null or empty.</summary>
    /// <exception cref="CodeSignException"><c>PolicyEnvironmentNotFound</c>, listing the environments the file has.</exception>
    public EffectivePolicy Resolve(string? environment)
    {
        if (Environments.TryGetValue(environment ?? string.Empty, out EffectivePolicy? policy))
        {
            return policy;
        }

        string known = string.Join(", ", Document.Environments.Select(definition => definition.Name));
        throw new CodeSignException(
            "PolicyEnvironmentNotFound",
            FailureCategory.ObjectNotFound,
            $"The policy file '{Document.FilePath}' has no environment '{environment}'. Its environments are: {(known.Length == 0 ? "none" : known)}.",
            Document.FilePath);
    }
}
