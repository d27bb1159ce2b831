using System.Text;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Policy.Loader;

/// <summary>PolicyLoader.ReadFile and the Load overload that parses bytes already read, and bad policy paths.</summary>
public sealed class PolicyLoaderContentTests : IDisposable
{
    private const string Policy = """
        version: 1
        trustStores:
          corp-root: { role: codeSigning, class: enterprise, certificates: [trust/root.pem] }
        publishers:
          corp: { trustStores: [corp-root] }
        rules:
          - { name: scripts, include: ["**/*.ps1"], publishers: [corp] }
        environments:
          prod: {}
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // ---- loading bytes ----
    [Fact]
    public void LoadContent_FileAbsent_LoadsWithoutReadingIt()
    {
        string path = Path.Combine(_folder.Path, "absent.yaml");

        LoadedPolicy policy = PolicyLoader.Load(path, Encoding.UTF8.GetBytes(Policy));

        Assert.Equal(path, policy.Document.FilePath);
        Assert.Equal("scripts", Assert.Single(policy.Document.Rules).Name);
        Assert.True(policy.Environments.ContainsKey("prod"));
    }

    [Fact]
    public void LoadContent_FileChangedAfterRead_UsesTheBytesRead()
    {
        string path = _folder.Write("policy.yaml", Encoding.UTF8.GetBytes(Policy));
        byte[] read = PolicyLoader.ReadFile(path);
        File.WriteAllText(path, "version: 2\n");

        LoadedPolicy policy = PolicyLoader.Load(path, read);

        Assert.Equal(1, policy.Document.Version.Value);
        Assert.Throws<PolicyLoadException>(() => PolicyLoader.Load(path));
    }

    [Fact]
    public void LoadContent_RelativeCertificates_ResolveAgainstThePath()
    {
        using TestPki pki = TestPki.Create("Content");
        Directory.CreateDirectory(Path.Combine(_folder.Path, "trust"));
        pki.WriteRootPem(Path.Combine(_folder.Path, "trust", "root.pem"));

        LoadedPolicy policy = PolicyLoader.Load(Path.Combine(_folder.Path, "policy.yaml"), Encoding.UTF8.GetBytes(Policy));
        PolicyTrustMaterial material = PolicyTrustMaterial.Load(policy.Resolve("prod"));

        Assert.Single(material.CodeSigningStores);
    }

    [Fact]
    public void LoadContent_Errors_NameTheFullPath()
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_folder.Path, "bad.yaml"));

        var exception = Assert.Throws<PolicyLoadException>(() => PolicyLoader.Load(relative, "version: 1\nbogus: 1\n"u8));

        PolicyError error = Assert.Single(exception.Errors);
        Assert.Equal("UnknownKey 2:1", $"{error.Code} {error.Line}:{error.Column}");
        Assert.Equal(Path.Combine(_folder.Path, "bad.yaml"), error.File);
    }

    [Fact]
    public void LoadContent_OverTheLimit_ThrowsPolicyTooLarge()
    {
        byte[] content = new byte[PolicyLoader.MaxFileBytes + 1];
        content.AsSpan().Fill((byte)'#');

        var exception = Assert.Throws<CodeSignException>(() => PolicyLoader.Load(Path.Combine(_folder.Path, "big.yaml"), content));

        Assert.Equal("PolicyTooLarge", exception.ErrorId);
    }

    [Fact]
    public void LoadContent_NotUtf8_ThrowsPolicyUnreadable()
    {
        var exception = Assert.Throws<CodeSignException>(() => PolicyLoader.Load(Path.Combine(_folder.Path, "p.yaml"), [.. "version: 1\n# "u8, 0xC3, 0x28]));

        Assert.Equal("PolicyUnreadable", exception.ErrorId);
    }

    [Fact]
    public void ReadFile_SameFile_GivesWhatLoadParses()
    {
        string path = _folder.Write("policy.yaml", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Policy)]);

        byte[] read = PolicyLoader.ReadFile(path);

        Assert.Equal(File.ReadAllBytes(path), read);
        Assert.Equal(PolicyLoader.Load(path).Document.Rules.Count, PolicyLoader.Load(path, read).Document.Rules.Count);
    }

    // ---- bad paths are input errors, not argument exceptions ----
    [Theory]
    [InlineData("")]
    [InlineData("bad\0name.yaml")]
    public void Load_InvalidPath_ThrowsPolicyPathInvalid(string path)
    {
        var fromFile = Assert.Throws<CodeSignException>(() => PolicyLoader.Load(path));
        var fromContent = Assert.Throws<CodeSignException>(() => PolicyLoader.Load(path, "version: 1\n"u8));

        Assert.Equal("PolicyPathInvalid", fromFile.ErrorId);
        Assert.Equal("PolicyPathInvalid", fromContent.ErrorId);
        Assert.Equal(FailureCategory.InvalidArgument, fromFile.Category);
    }
}
