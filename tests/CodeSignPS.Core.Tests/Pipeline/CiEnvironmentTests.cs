using CodeSignPS.Core.Pipeline;

namespace CodeSignPS.Core.Tests.Pipeline;

public sealed class CiEnvironmentTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] pairs) =>
        name => pairs.Where(pair => pair.Name == name).Select(pair => pair.Value).FirstOrDefault();

    [Theory]
    [InlineData("True", null, CiProvider.AzurePipelines)]
    [InlineData(null, "true", CiProvider.GitHubActions)]
    [InlineData("true", "true", CiProvider.AzurePipelines)]
    [InlineData("false", null, CiProvider.None)]
    [InlineData(null, "1", CiProvider.None)]
    [InlineData(null, null, CiProvider.None)]
    public void Detect_RunnerVariables_Provider(string? tfBuild, string? githubActions, CiProvider expected)
    {
        var pairs = new List<(string, string)>();
        if (tfBuild is not null)
        {
            pairs.Add(("TF_BUILD", tfBuild));
        }

        if (githubActions is not null)
        {
            pairs.Add(("GITHUB_ACTIONS", githubActions));
        }

        Assert.Equal(expected, CiEnvironment.Detect(Variables(pairs.ToArray())));
    }

    [Fact]
    public void Resolve_ProviderGiven_OverridesEnvironment()
    {
        CiEnvironment environment = CiEnvironment.Resolve(CiProvider.None, Variables(("TF_BUILD", "True")));

        Assert.Equal(CiProvider.None, environment.Provider);
    }

    [Fact]
    public void TempDirectory_AgentFolderFirst()
    {
        CiEnvironment environment = CiEnvironment.Resolve(null, Variables(("AGENT_TEMPDIRECTORY", "/a"), ("RUNNER_TEMP", "/r")));

        Assert.Equal("/a", environment.TempDirectory);
    }
}
