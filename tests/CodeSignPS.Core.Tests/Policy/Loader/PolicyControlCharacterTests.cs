using CodeSignPS.Core.Policy;

namespace CodeSignPS.Core.Tests.Policy.Loader;

/// <summary>Raw control characters in a policy file are syntax errors, never silently part of a value.</summary>
public sealed class PolicyControlCharacterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("codesignps-control-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData('\u0000', 3, 11)]
    [InlineData('\u0001', 3, 11)]
    [InlineData('\u007F', 3, 11)]
    [InlineData('\u009B', 3, 11)]
    public void Load_RawControlCharacter_IsYamlSyntaxAtItsPosition(char control, int line, int column)
    {
        string path = Path.Combine(_folder, "policy.yaml");
        File.WriteAllText(path, "version: 1\nenvironments:\n  prod: {}" + control + "\n");

        PolicyLoadException error = Assert.Throws<PolicyLoadException>(() => PolicyLoader.Load(path));

        PolicyError single = Assert.Single(error.Errors);
        Assert.Equal("YamlSyntax", single.Code);
        Assert.Equal(line, single.Line);
        Assert.Equal(column, single.Column);
        Assert.Contains($"U+{(int)control:X4}", single.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TabAndCarriageReturn_AreAllowed()
    {
        string path = Path.Combine(_folder, "policy.yaml");
        File.WriteAllText(path, "version: 1\r\nenvironments:\r\n  prod: {}\t# tab before a comment\r\n");

        LoadedPolicy policy = PolicyLoader.Load(path);

        Assert.Contains("prod", policy.Environments.Keys);
    }
}
