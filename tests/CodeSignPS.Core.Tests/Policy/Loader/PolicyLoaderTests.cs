using System.Text;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Policy.Loader;

/// <summary>PolicyLoader.Load on files: reading limits, file failures, and how errors come out.</summary>
public sealed class PolicyLoaderTests
{
    // ---- the file itself ----
    [Fact]
    public void Load_MissingFile_ThrowsPolicyNotFound()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "absent.yaml");

        var exception = Assert.Throws<CodeSignException>(() => PolicyLoader.Load(path));

        Assert.Equal("PolicyNotFound", exception.ErrorId);
        Assert.Equal(FailureCategory.ObjectNotFound, exception.Category);
        Assert.Equal(path, exception.Target);
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(exception.InnerException);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsPolicyNotFound()
    {
        using var folder = new TempFolder();

        var exception = Assert.Throws<CodeSignException>(() => PolicyLoader.Load(Path.Combine(folder.Path, "no-such-folder", "policy.yaml")));

        Assert.Equal("PolicyNotFound", exception.ErrorId);
    }

    [Fact]
    public void Load_Folder_ThrowsPolicyUnreadableNamingIt()
    {
        using var folder = new TempFolder();

        var exception = Assert.Throws<CodeSignException>(() => PolicyLoader.Load(folder.Path));

        Assert.Equal("PolicyUnreadable", exception.ErrorId);
        Assert.Contains(folder.Path, exception.Message, StringComparison.Ordinal);
        Assert.NotNull(exception.InnerException);
    }

    [Fact]
    public void Load_InvalidUtf8_ThrowsPolicyUnreadable()
    {
        using var folder = new TempFolder();
        string path = folder.Write("policy.yaml", [.. "version: 1\n# "u8, 0xC3, 0x28, (byte)'\n']);

        var exception = Assert.Throws<CodeSignException>(() => PolicyLoader.Load(path));

        Assert.Equal("PolicyUnreadable", exception.ErrorId);
        Assert.Equal(FailureCategory.InvalidData, exception.Category);
        Assert.IsType<DecoderFallbackException>(exception.InnerException);
    }

    // ---- size limit ----
    [Theory]
    [InlineData(PolicyLoader.MaxFileBytes + 1)]
    [InlineData(4 * PolicyLoader.MaxFileBytes)]
    public void Load_LargerThanLimit_ThrowsPolicyTooLarge(int size)
    {
        using var folder = new TempFolder();
        byte[] content = new byte[size];
        Array.Fill(content, (byte)'#');
        string path = folder.Write("policy.yaml", content);

        var exception = Assert.Throws<CodeSignException>(() => PolicyLoader.Load(path));

        Assert.Equal("PolicyTooLarge", exception.ErrorId);
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExactlyAtLimit_IsReadAndParsed()
    {
        using var folder = new TempFolder();
        byte[] head = "version: 2\n"u8.ToArray();
        byte[] content = new byte[PolicyLoader.MaxFileBytes];
        Array.Fill(content, (byte)'#');
        head.CopyTo(content, 0);
        string path = folder.Write("policy.yaml", content);

        var exception = Assert.Throws<PolicyLoadException>(() => PolicyLoader.Load(path));

        Assert.Equal("UnsupportedVersion", Assert.Single(exception.Errors).Code);
    }

    // ---- errors: all together, sorted, located ----
    [Fact]
    public void Load_StructuralErrors_ReportsAllSorted()
    {
        using var folder = new TempFolder();
        string path = folder.Write("policy.yaml", Encoding.UTF8.GetBytes(
            "defaults: { unsigned: sometimes }\n" +
            "rules: [ { name: r, include: [\"/abs\"], publishers: [ghost] } ]\n" +
            "environments: { prod: { extends: prod } }\n"));

        var exception = Assert.Throws<PolicyLoadException>(() => PolicyLoader.Load(path));

        Assert.Equal("PolicyInvalid", exception.ErrorId);
        Assert.Equal(
            ["MissingKey 1:1", "InvalidValue 1:23", "InvalidPattern 2:31", "UnknownPublisher 2:53", "ExtendsCycle 3:34"],
            exception.Errors.Select(error => $"{error.Code} {error.Line}:{error.Column}"));
        Assert.All(exception.Errors, error => Assert.Equal(path, error.File));
        Assert.Contains($"{path}(2,31): InvalidPattern", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ByteOrderMark_IsNotAnError()
    {
        using var folder = new TempFolder();
        string path = folder.Write("policy.yaml", [0xEF, 0xBB, 0xBF, .. "version: 2\n"u8]);

        var exception = Assert.Throws<PolicyLoadException>(() => PolicyLoader.Load(path));

        Assert.Equal("UnsupportedVersion 1:10", Assert.Single(exception.Errors.Select(error => $"{error.Code} {error.Line}:{error.Column}")));
    }

    [Fact]
    public void Load_RelativePath_ReportsTheFullPath()
    {
        using var folder = new TempFolder();
        folder.Write("policy.yaml", "version: 7\n"u8.ToArray());
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(folder.Path, "policy.yaml"));

        var exception = Assert.Throws<PolicyLoadException>(() => PolicyLoader.Load(relative));

        Assert.Equal(Path.Combine(folder.Path, "policy.yaml"), Assert.Single(exception.Errors).File);
    }

    // ---- the full path through the resolver: these need EnvironmentResolver and RuleSelector ----
    [Fact]
    public void Load_DesignExample_ResolvesDefaultsAndEveryEnvironment()
    {
        string path = Path.Combine(PolicySample.Folder, "valid", "design-example.yaml");

        LoadedPolicy policy = PolicyLoader.Load(path);

        Assert.Equal(Path.GetFullPath(path), policy.Document.FilePath);
        Assert.Equal(["", "dev", "prod", "staging"], policy.Environments.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(PolicyMode.Audit, policy.Resolve("dev").Mode);
        Assert.Equal(CodeSignPS.Core.Trust.ValidationLevel.EV, policy.Resolve("prod").MinimumLevelFor(policy.Document.Rules[1]));
    }

    [Fact]
    public void Load_LooseningWithoutOverride_ReportsLoosenedSetting()
    {
        using var folder = new TempFolder();
        string path = folder.Write("policy.yaml", Encoding.UTF8.GetBytes(
            "version: 1\n" +
            "defaults: { checks: { trust: enforce } }\n" +
            "environments: { lab: { checks: { trust: warn } } }\n"));

        var exception = Assert.Throws<PolicyLoadException>(() => PolicyLoader.Load(path));

        Assert.Equal("LoosenedSetting 3:41", Assert.Single(exception.Errors.Select(error => $"{error.Code} {error.Line}:{error.Column}")));
    }
}
