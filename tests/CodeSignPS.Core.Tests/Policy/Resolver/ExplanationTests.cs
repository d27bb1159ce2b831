using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Trust;
using static CodeSignPS.Core.Tests.Policy.Resolver.PolicyBuilder;

namespace CodeSignPS.Core.Tests.Policy.Resolver;

/// <summary>The built-in defaults and the rows of the effective view.</summary>
public sealed class ExplanationTests
{
    private static readonly string[] AllSettings =
    [
        "mode",
        "checks.integrity", "checks.trust", "checks.timestamp", "checks.expiry", "checks.revocation", "checks.algorithms",
        "revocation.mode", "revocation.crls",
        "algorithms.digests", "algorithms.minRsaBits", "algorithms.minEcBits",
        "unsigned", "uncovered", "minimumLevel",
    ];

    [Fact]
    public void Resolve_EmptyDocument_AppliesBuiltInDefaults()
    {
        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(Document(null), null);

        Assert.Empty(errors);
        Assert.Equal(PolicyMode.Enforce, policy!.Mode);
        Assert.Equal(CheckAction.Enforce, policy.ActionFor(PolicyCheck.Integrity));
        Assert.Equal(CheckAction.Enforce, policy.ActionFor(PolicyCheck.Trust));
        Assert.Equal(CheckAction.Warn, policy.ActionFor(PolicyCheck.Timestamp));
        Assert.Equal(CheckAction.Enforce, policy.ActionFor(PolicyCheck.Expiry));
        Assert.Equal(CheckAction.Off, policy.ActionFor(PolicyCheck.Revocation));
        Assert.Equal(CheckAction.Enforce, policy.ActionFor(PolicyCheck.Algorithms));
        Assert.Equal(PolicyRevocationMode.Off, policy.RevocationMode);
        Assert.Empty(policy.CrlPatterns);
        Assert.Equal(["sha256", "sha384", "sha512"], policy.Digests);
        Assert.Equal((2048, 256), (policy.MinRsaBits, policy.MinEcBits));
        Assert.Equal(UnsignedAction.Deny, policy.Unsigned);
        Assert.Equal(UncoveredAction.Skip, policy.Uncovered);
        Assert.Equal(ValidationLevel.Unknown, policy.MinimumLevel);
        Assert.Empty(policy.RuleMinimumLevels);
    }

    [Fact]
    public void Explanation_EmptyDocument_ListsEverySettingAsBuiltIn()
    {
        EffectivePolicy policy = Resolve(Document(null), null).Policy!;

        Assert.Equal(AllSettings, policy.Explanation.Select(row => row.Setting));
        Assert.All(policy.Explanation, row => Assert.Equal((SettingOrigin.BuiltIn, (string?)null, (SourcePosition?)null, (string?)null), (row.Origin, row.SourceName, row.Position, row.Reason)));
    }

    public static TheoryData<string, string> BuiltInValues => new()
    {
        { "mode", "enforce" },
        { "checks.integrity", "enforce" },
        { "checks.timestamp", "warn" },
        { "checks.revocation", "off" },
        { "revocation.mode", "off" },
        { "revocation.crls", "[]" },
        { "algorithms.digests", "[sha256, sha384, sha512]" },
        { "algorithms.minRsaBits", "2048" },
        { "algorithms.minEcBits", "256" },
        { "unsigned", "deny" },
        { "uncovered", "skip" },
        { "minimumLevel", "none" },
    };

    [Theory]
    [MemberData(nameof(BuiltInValues))]
    public void Explanation_BuiltInValue_WrittenAsInYaml(string setting, string value)
    {
        Assert.Equal(value, Row(Resolve(Document(null), null).Policy!, setting).Value);
    }

    [Fact]
    public void Explanation_DefaultsAndEnvironment_NameEachSource()
    {
        PolicyDocument document = Document(
            PolicyBuilder.Settings("revocation.mode", PolicyRevocationMode.Offline, At(6, 13)),
            [Rule("vendor-modules", 0, ValidationLevel.OV)],
            Environment("prod", 30, mode: PolicyMode.Audit, settings: PolicyBuilder.Settings("minimumLevel", ValidationLevel.Internal, At(33, 19)),
                ruleLevels: new Dictionary<string, PolicyValue<ValidationLevel>> { ["vendor-modules"] = new(ValidationLevel.EV, At(35, 40)) }));

        EffectivePolicy policy = Resolve(document, "prod").Policy!;

        Assert.Equal([.. AllSettings, "rules.vendor-modules.minimumLevel"], policy.Explanation.Select(row => row.Setting));
        Assert.Equal(new EffectiveSetting("revocation.mode", "offline", SettingOrigin.Defaults, "defaults", At(6, 13), null), Row(policy, "revocation.mode"));
        Assert.Equal(new EffectiveSetting("mode", "audit", SettingOrigin.Environment, "prod", At(32, 11), null), Row(policy, "mode"));
        Assert.Equal(new EffectiveSetting("minimumLevel", "Internal", SettingOrigin.Environment, "prod", At(33, 19), null), Row(policy, "minimumLevel"));
        Assert.Equal(new EffectiveSetting("rules.vendor-modules.minimumLevel", "EV", SettingOrigin.Environment, "prod", At(35, 40), null), Row(policy, "rules.vendor-modules.minimumLevel"));
    }
}
