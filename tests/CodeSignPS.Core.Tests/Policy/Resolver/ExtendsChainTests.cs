using CodeSignPS.Core.Policy;
using static CodeSignPS.Core.Tests.Policy.Resolver.PolicyBuilder;

namespace CodeSignPS.Core.Tests.Policy.Resolver;

/// <summary>Environments over extends chains: inheritance root first, and cycles reported once at one node.</summary>
public sealed class ExtendsChainTests
{
    private static PolicySettings Check(string check, CheckAction action, int line) => PolicyBuilder.Settings("checks." + check, action, At(line, 17));

    private static PolicyDocument ThreeLevels(PolicySettings prodSettings, IReadOnlyList<PolicyOverride>? prodOverrides = null) => Document(
        PolicyBuilder.Settings("checks.trust", CheckAction.Warn, At(4, 12)),
        Environment("dev", 10, mode: PolicyMode.Audit, settings: Check("timestamp", CheckAction.Off, 13), overrides: [Override("checks.timestamp", CheckAction.Off, 14, "no TSA in dev")]),
        Environment("staging", 20, extends: "dev", mode: PolicyMode.Enforce, settings: Check("trust", CheckAction.Enforce, 23)),
        Environment("prod", 30, extends: "staging", settings: prodSettings, overrides: prodOverrides));

    // ---- chains of three ----

    [Fact]
    public void Resolve_ChainOfThree_InheritsRootFirst()
    {
        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(ThreeLevels(Check("revocation", CheckAction.Enforce, 33)), "prod");

        Assert.Empty(errors);
        Assert.Equal("prod", policy!.Environment);
        Assert.Equal(PolicyMode.Enforce, policy.Mode);
        Assert.Equal(CheckAction.Off, policy.ActionFor(PolicyCheck.Timestamp));
        Assert.Equal(CheckAction.Enforce, policy.ActionFor(PolicyCheck.Trust));
        Assert.Equal(CheckAction.Enforce, policy.ActionFor(PolicyCheck.Revocation));
        Assert.Equal(CheckAction.Enforce, policy.ActionFor(PolicyCheck.Integrity));

        Assert.Equal(("staging", SettingOrigin.Environment), (Row(policy, "mode").SourceName, Row(policy, "mode").Origin));
        Assert.Equal(("dev", SettingOrigin.Override, "no TSA in dev"), (Row(policy, "checks.timestamp").SourceName, Row(policy, "checks.timestamp").Origin, Row(policy, "checks.timestamp").Reason));
        Assert.Equal(("staging", At(23, 17)), (Row(policy, "checks.trust").SourceName, Row(policy, "checks.trust").Position));
        Assert.Equal(("prod", At(33, 17)), (Row(policy, "checks.revocation").SourceName, Row(policy, "checks.revocation").Position));
        Assert.Equal(SettingOrigin.BuiltIn, Row(policy, "checks.expiry").Origin);
        Assert.Null(Row(policy, "checks.expiry").Position);
    }

    [Fact]
    public void Resolve_ChainOfThree_ComparesWithNearestAncestor()
    {
        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(ThreeLevels(Check("trust", CheckAction.Warn, 33)), "prod");

        Assert.Null(policy);
        PolicyError error = Assert.Single(errors);
        Assert.Equal(("LoosenedSetting", 33, 17), (error.Code, error.Line, error.Column));
        Assert.Contains("looser than enforce set by environment 'staging' at line 23, column 17", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ChainOfThree_ComparesWithInheritedOverride()
    {
        // dev turned timestamps off by override, so prod keeping off loosens nothing.
        (_, List<PolicyError> errors) = Resolve(ThreeLevels(Check("timestamp", CheckAction.Off, 33)), "prod");

        Assert.Empty(errors);
    }

    [Fact]
    public void Resolve_RootWithoutExtends_ComparesWithDefaults()
    {
        (_, List<PolicyError> errors) = Resolve(ThreeLevels(new PolicySettings()), "dev");

        Assert.Empty(errors);
        PolicyDocument document = Document(PolicyBuilder.Settings("unsigned", UnsignedAction.Warn, At(4, 12)), Environment("dev", 10, settings: PolicyBuilder.Settings("unsigned", UnsignedAction.Allow, At(12, 13))));
        Assert.Equal("LoosenedSetting", Assert.Single(Resolve(document, "dev").Errors).Code);
    }

    [Fact]
    public void Resolve_LoosenedAncestor_ListedOnceForEveryDescendant()
    {
        PolicyDocument document = Document(
            null,
            Environment("staging", 20, settings: Check("expiry", CheckAction.Warn, 23)),
            Environment("prod", 30, extends: "staging"));
        List<PolicyError> errors = [];

        EffectivePolicy? staging = EnvironmentResolver.Resolve(document, "staging", errors);
        EffectivePolicy? prod = EnvironmentResolver.Resolve(document, "prod", errors);

        Assert.Null(staging);
        Assert.Null(prod);
        Assert.Equal(23, Assert.Single(errors).Line);
    }

    [Fact]
    public void Resolve_Defaults_HasNoEnvironment()
    {
        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(ThreeLevels(new PolicySettings()), null);

        Assert.Empty(errors);
        Assert.Null(policy!.Environment);
        Assert.Equal(PolicyMode.Enforce, policy.Mode);
        Assert.Equal(CheckAction.Warn, policy.ActionFor(PolicyCheck.Trust));
    }

    [Fact]
    public void Resolve_UnknownName_Throws()
    {
        Assert.Equal("PolicyEnvironmentNotFound", Assert.Throws<CodeSignException>(() => Resolve(ThreeLevels(new PolicySettings()), "qa")).ErrorId);
    }

    [Fact]
    public void Resolve_ExtendsMissingEnvironment_ReportsUnknownEnvironment()
    {
        PolicyDocument document = Document(null, Environment("prod", 30, extends: "stagign"));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        Assert.Null(policy);
        PolicyError error = Assert.Single(errors);
        Assert.Equal(("UnknownEnvironment", 31, 14), (error.Code, error.Line, error.Column));
        Assert.Contains("'stagign'", error.Message, StringComparison.Ordinal);
    }

    // ---- cycles ----

    public static TheoryData<string[], string[], int, string> Cycles => new()
    {
        // environments (name:extends), the one resolved, the extends line reported, the cycle in the message
        { ["a:a"], ["a"], 11, "a -> a" },
        { ["a:b", "b:a"], ["a", "b"], 11, "a -> b -> a" },
        { ["a:b", "b:c", "c:a"], ["a", "b", "c"], 11, "a -> b -> c -> a" },
        { ["x:c", "a:b", "b:c", "c:a"], ["x", "a", "b", "c"], 21, "a -> b -> c -> a" },
        { ["c:a", "b:c", "a:b"], ["a", "b", "c"], 11, "c -> a -> b -> c" },
    };

    [Theory]
    [MemberData(nameof(Cycles))]
    public void Resolve_ExtendsCycle_ReportedOnceAtFirstMember(string[] environments, string[] resolved, int line, string cycle)
    {
        EnvironmentDefinition[] definitions = environments
            .Select((entry, index) => Environment(entry.Split(':')[0], 10 * (index + 1), extends: entry.Split(':')[1]))
            .ToArray();
        PolicyDocument document = Document(null, definitions);
        List<PolicyError> errors = [];

        foreach (string name in resolved)
        {
            Assert.Null(EnvironmentResolver.Resolve(document, name, errors));
        }

        PolicyError error = Assert.Single(errors);
        Assert.Equal(("ExtendsCycle", line, 14), (error.Code, error.Line, error.Column));
        Assert.Contains(cycle, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_CycleBelowHealthyEnvironment_LeavesOthersResolvable()
    {
        PolicyDocument document = Document(null, Environment("a", 10, extends: "b"), Environment("b", 20, extends: "a"), Environment("ok", 30));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "ok");

        Assert.Empty(errors);
        Assert.NotNull(policy);
    }
}
