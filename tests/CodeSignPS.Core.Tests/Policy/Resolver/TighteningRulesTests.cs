using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Trust;
using static CodeSignPS.Core.Tests.Policy.Resolver.PolicyBuilder;

namespace CodeSignPS.Core.Tests.Policy.Resolver;

/// <summary>Each setting an environment may set: tightening and keeping pass, loosening needs an override.</summary>
public sealed class TighteningRulesTests
{
    /// <summary>Per setting: the value in defaults, a tighter one, and a looser one.</summary>
    private static readonly Dictionary<string, (object Inherited, object Tighter, object Looser)> Cases = new()
    {
        ["checks.trust"] = (CheckAction.Warn, CheckAction.Enforce, CheckAction.Off),
        ["checks.timestamp"] = (CheckAction.Warn, CheckAction.Enforce, CheckAction.Off),
        ["checks.expiry"] = (CheckAction.Warn, CheckAction.Enforce, CheckAction.Off),
        ["checks.revocation"] = (CheckAction.Warn, CheckAction.Enforce, CheckAction.Off),
        ["checks.algorithms"] = (CheckAction.Warn, CheckAction.Enforce, CheckAction.Off),
        ["revocation.mode"] = (PolicyRevocationMode.Offline, PolicyRevocationMode.Online, PolicyRevocationMode.Off),
        ["algorithms.digests"] = ((IReadOnlyList<string>)["sha256", "sha384"], (IReadOnlyList<string>)["sha384"], (IReadOnlyList<string>)["sha256", "sha1"]),
        ["algorithms.minRsaBits"] = (3072, 4096, 2048),
        ["algorithms.minEcBits"] = (384, 521, 256),
        ["unsigned"] = (UnsignedAction.Warn, UnsignedAction.Deny, UnsignedAction.Allow),
        ["uncovered"] = (UncoveredAction.Warn, UncoveredAction.Deny, UncoveredAction.Skip),
        ["minimumLevel"] = (ValidationLevel.OV, ValidationLevel.EV, ValidationLevel.Internal),
    };

    public static TheoryData<string> Settings => new(Cases.Keys);

    private static PolicyDocument WithProd(string setting, object value, IReadOnlyList<PolicyOverride>? overrides = null) =>
        Document(
            PolicyBuilder.Settings(setting, Cases[setting].Inherited, At(4, 12)),
            Environment("prod", 20, settings: PolicyBuilder.Settings(setting, value, At(23, 17)), overrides: overrides));

    // ---- tighten, keep, loosen ----

    [Theory]
    [MemberData(nameof(Settings))]
    public void Resolve_TighterValue_AppliesWithoutError(string setting)
    {
        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(WithProd(setting, Cases[setting].Tighter), "prod");

        Assert.Empty(errors);
        EffectiveSetting row = Row(policy!, setting);
        Assert.Equal(SettingValues.Format(Cases[setting].Tighter), row.Value);
        Assert.Equal(SettingOrigin.Environment, row.Origin);
        Assert.Equal("prod", row.SourceName);
        Assert.Equal(At(23, 17), row.Position);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Resolve_SameValue_AppliesWithoutError(string setting)
    {
        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(WithProd(setting, Cases[setting].Inherited), "prod");

        Assert.Empty(errors);
        Assert.Equal(SettingOrigin.Environment, Row(policy!, setting).Origin);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Resolve_LooserValue_ReportsLoosenedSettingAtValue(string setting)
    {
        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(WithProd(setting, Cases[setting].Looser), "prod");

        Assert.Null(policy);
        PolicyError error = Assert.Single(errors);
        Assert.Equal("LoosenedSetting", error.Code);
        Assert.Equal(FilePath, error.File);
        Assert.Equal(23, error.Line);
        Assert.Equal(17, error.Column);
        Assert.Contains($"sets {setting} to {SettingValues.Format(Cases[setting].Looser)}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"looser than {SettingValues.Format(Cases[setting].Inherited)} set by defaults at line 4, column 12", error.Message, StringComparison.Ordinal);
        Assert.Contains($"overrides of 'prod'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"setting: {setting}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Resolve_LooserValueWithOverride_ShowsOverride(string setting)
    {
        object looser = Cases[setting].Looser;
        PolicyDocument document = WithProd(setting, looser, [Override(setting, looser, 30, "vendor fix pending")]);

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        Assert.Empty(errors);
        EffectiveSetting row = Row(policy!, setting);
        Assert.Equal(SettingValues.Format(looser), row.Value);
        Assert.Equal(SettingOrigin.Override, row.Origin);
        Assert.Equal("prod", row.SourceName);
        Assert.Equal(At(30, 9), row.Position);
        Assert.Equal("vendor fix pending", row.Reason);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Resolve_OverrideAlone_LoosensWithoutError(string setting)
    {
        object looser = Cases[setting].Looser;
        PolicyDocument document = Document(
            PolicyBuilder.Settings(setting, Cases[setting].Inherited, At(4, 12)),
            Environment("prod", 20, overrides: [Override(setting, looser, 30)]));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        Assert.Empty(errors);
        Assert.Equal(SettingValues.Format(looser), Row(policy!, setting).Value);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Resolve_DefaultsLooserThanBuiltIn_IsFree(string setting)
    {
        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(Document(PolicyBuilder.Settings(setting, Cases[setting].Looser, At(4, 12))), null);

        Assert.Empty(errors);
        EffectiveSetting row = Row(policy!, setting);
        Assert.Equal(SettingOrigin.Defaults, row.Origin);
        Assert.Equal("defaults", row.SourceName);
    }

    // ---- settings with their own rules ----

    [Fact]
    public void Resolve_OfflineReplacedByOnline_IsNotLoosening()
    {
        PolicyDocument document = Document(
            PolicyBuilder.Settings("revocation.mode", PolicyRevocationMode.Online, At(4, 12)),
            Environment("prod", 20, settings: PolicyBuilder.Settings("revocation.mode", PolicyRevocationMode.Offline, At(23, 17))));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        Assert.Empty(errors);
        Assert.Equal(PolicyRevocationMode.Offline, policy!.RevocationMode);
    }

    [Fact]
    public void Resolve_LooserThanBuiltIn_NamesBuiltInDefault()
    {
        PolicyDocument document = Document(null, Environment("prod", 20, settings: PolicyBuilder.Settings("checks.trust", CheckAction.Warn, At(23, 17))));

        (_, List<PolicyError> errors) = Resolve(document, "prod");

        PolicyError error = Assert.Single(errors);
        Assert.Equal("LoosenedSetting", error.Code);
        Assert.Contains("looser than enforce set by the built-in default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_CrlsInEnvironment_AddToInherited()
    {
        PolicyDocument document = Document(
            PolicyBuilder.Settings("revocation.crls", new[] { "crl/a.crl" }, At(5, 12)),
            Environment("prod", 20, settings: PolicyBuilder.Settings("revocation.crls", new[] { "crl/b.crl", "crl/a.crl" }, At(24, 12))));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        Assert.Empty(errors);
        Assert.Equal(["crl/a.crl", "crl/b.crl"], policy!.CrlPatterns);
        Assert.Equal("[crl/a.crl, crl/b.crl]", Row(policy, "revocation.crls").Value);
    }

    [Fact]
    public void Resolve_IntegrityOverride_ReportsIntegrityNotEnforced()
    {
        PolicyDocument document = Document(null, Environment("prod", 20, overrides: [Override("checks.integrity", CheckAction.Warn, 30)]));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        Assert.Null(policy);
        PolicyError error = Assert.Single(errors);
        Assert.Equal("IntegrityNotEnforced", error.Code);
        Assert.Equal((30, 20), (error.Line, error.Column));
    }

    [Fact]
    public void Resolve_IntegritySetOff_ReportsIntegrityNotEnforcedOnce()
    {
        PolicyDocument document = Document(null, Environment("prod", 20, settings: PolicyBuilder.Settings("checks.integrity", CheckAction.Off, At(23, 17))));

        (_, List<PolicyError> errors) = Resolve(document, "prod");

        PolicyError error = Assert.Single(errors);
        Assert.Equal("IntegrityNotEnforced", error.Code);
        Assert.Equal((23, 17), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("revocation.crls")]
    [InlineData("mode")]
    [InlineData("checks.speed")]
    public void Resolve_OverrideOfOtherSetting_ReportsUnknownSetting(string setting)
    {
        PolicyDocument document = Document(null, Environment("prod", 20, overrides: [Override(setting, CheckAction.Warn, 30)]));

        (_, List<PolicyError> errors) = Resolve(document, "prod");

        PolicyError error = Assert.Single(errors);
        Assert.Equal("UnknownSetting", error.Code);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_OverrideValueOfWrongType_ReportsInvalidValue()
    {
        PolicyDocument document = Document(null, Environment("prod", 20, overrides: [Override("algorithms.minRsaBits", CheckAction.Warn, 30)]));

        (_, List<PolicyError> errors) = Resolve(document, "prod");

        PolicyError error = Assert.Single(errors);
        Assert.Equal("InvalidValue", error.Code);
        Assert.Equal((30, 40), (error.Line, error.Column));
    }

    [Fact]
    public void Resolve_SameSettingOverriddenTwice_ReportsDuplicate()
    {
        PolicyDocument document = Document(null, Environment("prod", 20, overrides: [Override("checks.trust", CheckAction.Warn, 30), Override("checks.trust", CheckAction.Off, 31)]));

        (_, List<PolicyError> errors) = Resolve(document, "prod");

        PolicyError error = Assert.Single(errors);
        Assert.Equal("DuplicateName", error.Code);
        Assert.Equal(31, error.Line);
    }

    [Fact]
    public void Resolve_ModeLoosenedToAudit_IsFree()
    {
        PolicyDocument document = Document(
            null,
            Environment("staging", 10, mode: PolicyMode.Enforce),
            Environment("prod", 20, extends: "staging", mode: PolicyMode.Audit));

        (EffectivePolicy? policy, List<PolicyError> errors) = Resolve(document, "prod");

        Assert.Empty(errors);
        Assert.Equal(PolicyMode.Audit, policy!.Mode);
        Assert.Equal(At(22, 11), Row(policy, "mode").Position);
    }
}
