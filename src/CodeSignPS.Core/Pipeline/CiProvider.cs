namespace CodeSignPS.Core.Pipeline;

/// <summary>The pipeline runner whose log commands a command writes.</summary>
public enum CiProvider
{
    /// <summary>No runner: write no log commands.</summary>
    None,

    /// <summary>Azure Pipelines: <c>##vso[...]</c> logging commands.</summary>
    AzurePipelines,

    /// <summary>GitHub Actions: <c>::command::</c> workflow commands.</summary>
    GitHubActions,
}
