namespace CodeSignPS.Core.Pipeline;

/// <summary>
/// The runner a command runs under and the places it offers: detected from the variables each runner
/// sets (<c>TF_BUILD</c> on Azure Pipelines agents, <c>GITHUB_ACTIONS</c> on GitHub runners), or chosen.
/// </summary>
public sealed class CiEnvironment
{
    private readonly Func<string, string?> _variables;

    private CiEnvironment(CiProvider provider, Func<string, string?> variables)
    {
        Provider = provider;
        _variables = variables;
    }

    public CiProvider Provider { get; }

    /// <summary>
    /// The runner named by <paramref name="provider"/>, or when it is null the one the environment
    /// shows. <paramref name="variables"/> reads an environment variable; the process environment by default.
    /// </summary>
    public static CiEnvironment Resolve(CiProvider? provider, Func<string, string?>? variables = null)
    {
        variables ??= System.Environment.GetEnvironmentVariable;
        return new CiEnvironment(provider ?? Detect(variables), variables);
    }

    /// <summary>The runner the variables show; None outside a pipeline.</summary>
    public static CiProvider Detect(Func<string, string?> variables)
    {
        if (IsTrue(variables("TF_BUILD")))
        {
            return CiProvider.AzurePipelines;
        }

        return IsTrue(variables("GITHUB_ACTIONS")) ? CiProvider.GitHubActions : CiProvider.None;
    }

    /// <summary>
    /// The folder for files that must not outlive the job: the agent's temporary folder on Azure
    /// Pipelines (<c>AGENT_TEMPDIRECTORY</c>), the runner's on GitHub (<c>RUNNER_TEMP</c>), else the
    /// system's temporary folder. The runners empty theirs after every job.
    /// </summary>
    public string TempDirectory =>
        NonEmpty(_variables("AGENT_TEMPDIRECTORY")) ?? NonEmpty(_variables("RUNNER_TEMP")) ?? Path.GetTempPath();

    /// <summary>The file GitHub appends to the job's summary page (<c>GITHUB_STEP_SUMMARY</c>); null elsewhere.</summary>
    public string? StepSummaryPath => NonEmpty(_variables("GITHUB_STEP_SUMMARY"));

    /// <summary>Reads an environment variable through the same source detection used.</summary>
    public string? GetVariable(string name) => _variables(name);

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
