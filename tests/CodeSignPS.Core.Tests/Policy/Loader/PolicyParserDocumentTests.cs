using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Policy.Yaml;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Tests.Policy.Loader;

/// <summary>What the parser puts in a PolicyDocument: values normalised and typed, positions on each.</summary>
public sealed class PolicyParserDocumentTests
{
    private static PolicyDocument ParseClean(string yaml)
    {
        var errors = new List<PolicyError>();
        PolicyDocument? document = PolicyParser.Parse(yaml, "/policies/p.yaml", errors);
        Assert.Empty(errors);
        return Assert.IsType<PolicyDocument>(document);
    }

    private static string EveryKey => File.ReadAllText(Path.Combine(PolicySample.Folder, "valid", "every-key.yaml"));

    // ---- normalisation ----
    [Fact]
    public void Parse_Thumbprints_AreUpperCaseHexWithoutSeparators()
    {
        PublisherDefinition publisher = ParseClean(EveryKey).Publishers[0];

        Assert.Equal(["ABCDEF0123456789ABCDEF0123456789ABCDEF01", "0123456789ABCDEF0123456789ABCDEF01234567"], publisher.Thumbprints.Select(value => value.Value));
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Assert.Single(publisher.PublicKeySha256).Value);
    }

    [Fact]
    public void Parse_ExceptionSha256_IsLowerCase()
    {
        ExceptionDefinition exception = Assert.Single(ParseClean(EveryKey).Exceptions);

        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", exception.Sha256.Value);
        Assert.Equal(new DateOnly(2027, 3, 31), exception.Expires.Value);
        Assert.Equal("vendor/legacy/Old Tool.psm1", exception.Path.Value);
    }

    // ---- typing and structure ----
    [Fact]
    public void Parse_EveryKeySample_FillsTheDocument()
    {
        PolicyDocument document = ParseClean(EveryKey);

        Assert.Equal(["corp-root", "dev-self", "public-roots", "public-tsa"], document.TrustStores.Select(store => store.Name));
        Assert.Equal(TrustStoreRole.Timestamping, document.TrustStores[3].Role.Value);
        Assert.Equal(TrustStoreClass.SelfSigned, document.TrustStores[1].Class.Value);
        Assert.Equal(["scripts", "vendor.modules"], document.Rules.Select(rule => rule.Name));
        Assert.Equal([0, 1], document.Rules.Select(rule => rule.Index));
        Assert.Equal(CheckAction.Off, document.Defaults.Checks[PolicyCheck.Revocation].Value);
        Assert.Equal(UnsignedAction.Warn, document.Defaults.Unsigned!.Value);
        Assert.Empty(document.Defaults.Crls!);
        Assert.Equal(["1.3.6.1.4.1.99999.1.2"], document.Levels.EvPolicyOids.Select(oid => oid.Value));

        EnvironmentDefinition prod = document.Environments[2];
        Assert.Equal("test", prod.Extends!.Value);
        Assert.Equal(PolicyMode.Enforce, prod.Mode!.Value);
        Assert.Equal(PolicyRevocationMode.Online, prod.Settings.RevocationMode!.Value);
        Assert.Equal(["sha384", "sha512"], prod.Settings.Digests!.Value);
        Assert.Equal(3072, prod.Settings.MinRsaBits!.Value);
        Assert.Equal(ValidationLevel.EV, prod.RuleMinimumLevels["vendor.modules"].Value);
    }

    [Fact]
    public void Parse_NameConstraint_KeepsAttributesAsWritten()
    {
        NameConstraint subject = ParseClean(EveryKey).Publishers[0].Subject!;

        Assert.Equal(["CN", "O", "S", "OU"], subject.Attributes.Select(attribute => attribute.Attribute));
        Assert.Equal(["Build", "Release"], subject.Attributes[3].Values);
        Assert.Equal("2.5.4.10", ParseClean(EveryKey).Publishers[0].Issuer!.Attributes[1].Attribute);
    }

    [Fact]
    public void Parse_Overrides_TypeTheValueBySetting()
    {
        string yaml = File.ReadAllText(Path.Combine(PolicySample.Folder, "valid", "overrides.yaml"));

        IReadOnlyList<PolicyOverride> overrides = ParseClean(yaml).Environments[1].Overrides;

        Assert.Equal(CheckAction.Warn, overrides[0].Value.Value);
        Assert.Equal(CheckAction.Off, overrides[1].Value.Value);
        Assert.Equal(PolicyRevocationMode.Off, overrides[2].Value.Value);
        Assert.Equal(2048, overrides[3].Value.Value);
        Assert.Equal(["sha1", "sha256"], Assert.IsAssignableFrom<IReadOnlyList<string>>(overrides[4].Value.Value));
        Assert.Equal(UnsignedAction.Warn, overrides[5].Value.Value);
        Assert.Equal(ValidationLevel.SelfSigned, overrides[6].Value.Value);
        Assert.Equal("rules.scripts.minimumLevel", overrides[7].Setting.Value);
        Assert.Equal(ValidationLevel.SelfSigned, overrides[7].Value.Value);
        Assert.Equal("no CRL access in the lab", overrides[1].Reason.Value);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("\"off\"")]
    [InlineData("'off'")]
    public void Parse_Yaml11BooleanWord_StaysAString(string written)
    {
        PolicyDocument document = ParseClean($"version: 1\ndefaults: {{ checks: {{ timestamp: {written} }} }}\n");

        Assert.Equal(CheckAction.Off, document.Defaults.Checks[PolicyCheck.Timestamp].Value);
    }

    // ---- positions ----
    [Fact]
    public void Parse_Values_CarryTheirLineAndColumn()
    {
        PolicyDocument document = ParseClean("version: 1\ntrustStores:\n  corp:\n    role: codeSigning\n    class: public\n    certificates:\n      - a.pem\n");

        TrustStoreDefinition store = Assert.Single(document.TrustStores);
        Assert.Equal(new SourcePosition(1, 10), document.Version.Position);
        Assert.Equal(new SourcePosition(3, 3), store.Position);
        Assert.Equal(new SourcePosition(4, 11), store.Role.Position);
        Assert.Equal(new SourcePosition(5, 12), store.Class.Position);
        Assert.Equal(new SourcePosition(7, 9), store.Certificates[0].Position);
    }

    // ---- bounds: depth and aliases ----
    [Theory]
    [InlineData(PolicyYamlReader.MaxDepth, "WrongType")]
    [InlineData(PolicyYamlReader.MaxDepth + 1, "NestingTooDeep")]
    [InlineData(100_000, "NestingTooDeep")]
    public void Parse_NestedLists_StopsBeyondTheMaximumDepth(int depth, string expected)
    {
        // The top-level mapping is one level, so 'depth - 1' lists reach exactly 'depth'.
        string yaml = "version: " + new string('[', depth - 1) + new string(']', depth - 1) + "\n";
        var errors = new List<PolicyError>();

        PolicyParser.Parse(yaml, "/p.yaml", errors);

        Assert.Equal(expected, Assert.Single(errors).Code);
    }

    [Fact]
    public void Parse_AliasExpansion_IsRejected()
    {
        var lines = new List<string> { "version: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (int level = 1; level < 10; level++)
        {
            lines.Add($"a{level}: &a{level} [" + string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10)) + "]");
        }

        var errors = new List<PolicyError>();
        PolicyDocument? document = PolicyParser.Parse(string.Join('\n', lines), "/p.yaml", errors);

        Assert.Null(document);
        PolicyError error = Assert.Single(errors);
        Assert.Equal(("YamlAnchor", 2, 5), (error.Code, error.Line, error.Column));
        Assert.Contains("&a0", error.Message, StringComparison.Ordinal);
    }
}
