using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Trust;
using static CodeSignPS.Core.Tests.Policy.Resolver.PolicyBuilder;

namespace CodeSignPS.Core.Tests.Policy.Resolver;

/// <summary>Per-rule minimum levels of environments and the effective minimum of a rule.</summary>
public sealed class MinimumLevelTests
{
    private static readonly RuleDefinition[] Rules = [Rule("our-scripts", 0, ValidationLevel.Internal), Rule("vendor-modules", 1, ValidationLevel.OV), Rule("tools", 2)];

    private static Dictionary<string, PolicyValue<ValidationLevel>> Levels(string rule, ValidationLevel level, int line) =>
        new() { [rule] = new PolicyValue<ValidationLevel>(level, At(line, 40)) };

    // ---- the effective minimum is the highest that applies ----

    public static TheoryData<string, ValidationLevel?, ValidationLevel?, ValidationLevel> Highest => new()
    {
        // rule, environment minimumLevel, environment level for vendor-modules, expected
        { "tools", null, null, ValidationLevel.Unknown },
        { "our-scripts", null, null, ValidationLevel.Internal },
        { "vendor-modules", null, null, ValidationLevel.OV },
        { "vendor-modules", null, ValidationLevel.EV, ValidationLevel.EV },
        { "vendor-modules", ValidationLevel.Internal, ValidationLevel.EV, ValidationLevel.EV },
        { "our-scripts", ValidationLevel.OV, ValidationLevel.EV, ValidationLevel.OV },
        { "tools", ValidationLevel.SelfSigned, ValidationLevel.EV, ValidationLevel.SelfSigned },
        { "vendor-modules", ValidationLevel.EV, ValidationLevel.OV, ValidationLevel.EV },
        { "vendor-modules", null, ValidationLevel.SelfSigned, ValidationLevel.OV },
    };

    [Theory]
    [MemberData(nameof(Highest))]
    public void MinimumLevelFor_SeveralFloors_ReturnsHighest(string rule, ValidationLevel? environmentLevel, ValidationLevel? vendorLevel, ValidationLevel expected)
    {
        PolicySettings settings = environmentLevel is null ? new PolicySettings() : PolicyBuilder.Settings("minimumLevel", environmentLevel.Value, At(32, 19));
        PolicyDocument document = Document(
            null,
            Rules,
            Environment("prod", 30, settings: settings, ruleLevels: vendorLevel is null ? null : Levels("vendor-modules", vendorLevel.Value, 34)));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        Assert.Empty(errors);
        Assert.Equal(expected, policy!.MinimumLevelFor(Rules.Single(candidate => candidate.Name == rule)));
    }

    // ---- inheritance of per-rule levels ----

    [Fact]
    public void Resolve_RuleLevelInherited_ShownWithItsEnvironment()
    {
        PolicyDocument document = Document(
            null,
            Rules,
            Environment("staging", 20, ruleLevels: Levels("vendor-modules", ValidationLevel.EV, 24)),
            Environment("prod", 30, extends: "staging", ruleLevels: Levels("our-scripts", ValidationLevel.OV, 34)));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        Assert.Empty(errors);
        Assert.Equal(ValidationLevel.EV, policy!.RuleMinimumLevels["vendor-modules"]);
        Assert.Equal(ValidationLevel.OV, policy.RuleMinimumLevels["our-scripts"]);
        EffectiveSetting vendor = Row(policy, "rules.vendor-modules.minimumLevel");
        Assert.Equal(("EV", SettingOrigin.Environment, "staging", At(24, 40)), (vendor.Value, vendor.Origin, vendor.SourceName, vendor.Position));
        Assert.Equal("prod", Row(policy, "rules.our-scripts.minimumLevel").SourceName);
        Assert.DoesNotContain(policy.Explanation, row => row.Setting == "rules.tools.minimumLevel");

        // Rows follow the order of the rules in the file.
        string[] ruleRows = policy.Explanation.Where(row => row.Setting.StartsWith("rules.", StringComparison.Ordinal)).Select(row => row.Setting).ToArray();
        Assert.Equal(["rules.our-scripts.minimumLevel", "rules.vendor-modules.minimumLevel"], ruleRows);
    }

    [Theory]
    [InlineData(ValidationLevel.EV, false)]
    [InlineData(ValidationLevel.OV, false)]
    [InlineData(ValidationLevel.Internal, true)]
    [InlineData(ValidationLevel.SelfSigned, true)]
    public void Resolve_RuleLevelBelowInherited_IsLoosened(ValidationLevel level, bool loosened)
    {
        PolicyDocument document = Document(
            null,
            Rules,
            Environment("staging", 20, ruleLevels: Levels("vendor-modules", ValidationLevel.OV, 24)),
            Environment("prod", 30, extends: "staging", ruleLevels: Levels("vendor-modules", level, 34)));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        if (loosened)
        {
            PolicyError error = Assert.Single(errors);
            Assert.Equal(("LoosenedSetting", 34, 40), (error.Code, error.Line, error.Column));
            Assert.Contains("rules.vendor-modules.minimumLevel", error.Message, StringComparison.Ordinal);
            Assert.Contains("environment 'staging' at line 24, column 40", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(errors);
            Assert.Equal(level, policy!.RuleMinimumLevels["vendor-modules"]);
        }
    }

    [Fact]
    public void Resolve_RuleLevelOverride_ShownAsOverride()
    {
        PolicyDocument document = Document(
            null,
            Rules,
            Environment("staging", 20, ruleLevels: Levels("vendor-modules", ValidationLevel.EV, 24)),
            Environment("prod", 30, extends: "staging", ruleLevels: Levels("vendor-modules", ValidationLevel.OV, 34), overrides: [Override("rules.vendor-modules.minimumLevel", ValidationLevel.OV, 36, "EV renewal late")]));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        Assert.Empty(errors);
        EffectiveSetting row = Row(policy!, "rules.vendor-modules.minimumLevel");
        Assert.Equal(("OV", SettingOrigin.Override, "EV renewal late"), (row.Value, row.Origin, row.Reason));
        Assert.Equal(ValidationLevel.OV, policy!.MinimumLevelFor(Rules[1]));
    }

    [Fact]
    public void Resolve_OverrideOfMissingRule_ReportsUnknownRule()
    {
        PolicyDocument document = Document(null, Rules, Environment("prod", 30, overrides: [Override("rules.vendors.minimumLevel", ValidationLevel.OV, 36)]));

        (_, List<PolicyError> errors) = Resolve(document, "prod");

        PolicyError error = Assert.Single(errors);
        Assert.Equal(("UnknownRule", 36, 20), (error.Code, error.Line, error.Column));
        Assert.Contains("vendor-modules", error.Message, StringComparison.Ordinal);
    }
}
