using System.Text;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Tests.Policy.Loader;

namespace CodeSignPS.Core.Tests.Policy.Integration;

/// <summary>
/// Bad input to the public policy entry points fails with a CodeSignException, never a bare .NET
/// exception, so that the cmdlets can always turn it into an error record.
/// </summary>
public sealed class PolicyBadInputTests
{
    public static TheoryData<string> SampleNames()
    {
        var data = new TheoryData<string>();
        foreach (PolicySample sample in PolicySample.All())
        {
            data.Add(sample.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Load_SampleWithALineRemoved_ThrowsOnlyCodeSignException(string name)
    {
        PolicySample sample = PolicySample.All().Single(candidate => candidate.Name == name);
        string[] lines = File.ReadAllLines(sample.FilePath);

        for (int removed = 0; removed < lines.Length; removed++)
        {
            string text = string.Join('\n', lines.Where((_, index) => index != removed));
            AssertOnlyCodeSignException(sample.FilePath, text, $"line {removed + 1} removed");
        }
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Load_SampleCutShort_ThrowsOnlyCodeSignException(string name)
    {
        PolicySample sample = PolicySample.All().Single(candidate => candidate.Name == name);
        string text = File.ReadAllText(sample.FilePath);

        for (int length = 0; length < text.Length; length += 5)
        {
            AssertOnlyCodeSignException(sample.FilePath, text[..length], $"cut at {length}");
        }
    }

    [Fact]
    public void Resolve_UnknownEnvironment_ThrowsPolicyEnvironmentNotFound()
    {
        PolicySample sample = PolicySample.All().Single(candidate => candidate.Name == "valid/design-example.yaml");
        LoadedPolicy policy = PolicyLoader.Load(sample.FilePath);

        var exception = Assert.Throws<CodeSignException>(() => policy.Resolve("no-such-environment"));

        Assert.Equal("PolicyEnvironmentNotFound", exception.ErrorId);
    }

    [Fact]
    public void EnvironmentResolver_UnknownEnvironment_ThrowsPolicyEnvironmentNotFound()
    {
        PolicySample sample = PolicySample.All().Single(candidate => candidate.Name == "valid/design-example.yaml");
        PolicyDocument document = PolicyLoader.Load(sample.FilePath).Document;

        var exception = Assert.Throws<CodeSignException>(() => EnvironmentResolver.Resolve(document, "no-such-environment", new List<PolicyError>()));

        Assert.Equal("PolicyEnvironmentNotFound", exception.ErrorId);
        Assert.Contains("no-such-environment", exception.Message, StringComparison.Ordinal);
    }

    private static void AssertOnlyCodeSignException(string path, string text, string variant)
    {
        Exception? thrown = Record.Exception(() =>
        {
            LoadedPolicy policy = PolicyLoader.Load(path, Encoding.UTF8.GetBytes(text));
            foreach (EffectivePolicy effective in policy.Environments.Values)
            {
                // The certificates the samples name do not exist, which must also be a CodeSignException.
                PolicyTrustMaterial.Load(effective);
            }
        });

        Assert.True(thrown is null or CodeSignException, $"{Path.GetFileName(path)}, {variant}: {thrown}");
    }
}
