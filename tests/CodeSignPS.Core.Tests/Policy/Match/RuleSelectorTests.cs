using CodeSignPS.Core.Policy;
using static CodeSignPS.Core.Tests.Policy.Match.PolicyFactory;

namespace CodeSignPS.Core.Tests.Policy.Match;

public sealed class RuleSelectorTests
{
    private static readonly RuleDefinition[] DesignRules =
    [
        Rule("our-scripts", 0, ["**/*.ps1", "**/*.psm1", "**/*.psd1"], exclude: ["tests/**"]),
        Rule("vendor-modules", 1, ["vendor/**/*.psm1", "vendor/**/*.psd1"]),
    ];

    // ---- the most specific include pattern wins ----
    [Theory]
    [InlineData("build.ps1", "our-scripts", "**/*.ps1")]
    [InlineData("src/Module.psm1", "our-scripts", "**/*.psm1")]
    [InlineData("vendor/Tool/Tool.psm1", "vendor-modules", "vendor/**/*.psm1")]
    [InlineData("vendor/Tool.psd1", "vendor-modules", "vendor/**/*.psd1")]
    [InlineData("vendor/install.ps1", "our-scripts", "**/*.ps1")]
    public void Select_DesignRules_PicksMostSpecific(string path, string rule, string pattern)
    {
        RuleMatch? match = new RuleSelector(DesignRules).Select(path);

        Assert.NotNull(match);
        Assert.Equal(rule, match.Rule.Name);
        Assert.Equal(pattern, match.Pattern);
    }

    // ---- exclude patterns remove a file from their own rule only ----
    [Theory]
    [InlineData("tests/Unit.Tests.ps1", null)]
    [InlineData("readme.md", null)]
    [InlineData("Tests/Unit.Tests.ps1", "our-scripts")]
    public void Select_ExcludedOrUncovered_ReturnsExpectedRule(string path, string? rule)
        => Assert.Equal(rule, new RuleSelector(DesignRules).Select(path)?.Rule.Name);

    [Fact]
    public void Select_ExcludedFromSpecificRule_FallsBackToBroaderRule()
    {
        RuleDefinition[] rules =
        [
            Rule("all", 0, ["**/*.ps1"]),
            Rule("tools", 1, ["tools/**/*.ps1"], exclude: ["tools/legacy/**"]),
        ];

        Assert.Equal("all", new RuleSelector(rules).Select("tools/legacy/old.ps1")?.Rule.Name);
        Assert.Equal("tools", new RuleSelector(rules).Select("tools/new.ps1")?.Rule.Name);
    }

    // ---- ties go to the earlier rule ----
    [Theory]
    [InlineData(0, 1, "first")]
    [InlineData(1, 0, "second")]
    public void Select_EquallySpecific_EarlierRuleWins(int firstIndex, int secondIndex, string expected)
    {
        RuleDefinition[] rules =
        [
            Rule("first", firstIndex, ["src/*.ps1"]),
            Rule("second", secondIndex, ["src/?*.ps1"]),
        ];

        // 'src/*.ps1' and 'src/?*.ps1' both have 8 characters outside wildcards.
        Assert.Equal(expected, new RuleSelector(rules).Select("src/a.ps1")?.Rule.Name);
    }

    [Fact]
    public void Select_RuleWithSeveralMatchingPatterns_ReportsItsMostSpecificPattern()
    {
        RuleDefinition[] rules =
        [
            Rule("other", 0, ["src/**/*.ps1"]),
            Rule("mine", 1, ["**/*.ps1", "src/lib/*.ps1"]),
        ];

        RuleMatch? match = new RuleSelector(rules).Select("src/lib/a.ps1");

        Assert.Equal("mine", match?.Rule.Name);
        Assert.Equal("src/lib/*.ps1", match?.Pattern);
    }

    [Fact]
    public void Select_InvalidPatternInRule_NeverMatchesIt()
    {
        RuleDefinition[] rules = [Rule("broken", 0, ["[abc", "*.ps1"])];

        Assert.Null(new RuleSelector(rules).Select("[abc"));
        Assert.Equal("broken", new RuleSelector(rules).Select("a.ps1")?.Rule.Name);
    }

    [Fact]
    public void Select_TenThousandPaths_PicksExpectedRule()
    {
        RuleDefinition[] rules = Enumerable.Range(0, 10)
            .Select(index => Rule($"r{index}", index, [$"m{index}/**/*.ps1", $"**/*{index}.psm1"]))
            .ToArray();
        var selector = new RuleSelector(rules);

        for (int i = 0; i < 10_000; i++)
        {
            string path = i % 2 == 0 ? $"m{i % 10}/sub{i}/f.ps1" : $"x/y{i}/f{i % 10}.psm1";
            Assert.Equal($"r{i % 10}", selector.Select(path)?.Rule.Name);
        }
    }

    // ---- overlap warnings ----
    [Fact]
    public void FindOverlaps_DesignRules_WarnsAtLaterRuleWithExample()
    {
        PolicyWarning warning = Assert.Single(new RuleSelector(DesignRules).FindOverlaps("/p/policy.yaml"));

        Assert.Equal("RuleOverlap", warning.Code);
        Assert.Equal("/p/policy.yaml", warning.File);
        Assert.Equal(11, warning.Line);
        Assert.Contains("'vendor-modules'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'our-scripts'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'vendor-modules' wins", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "src/**" }, new[] { "tests/**" }, 0)]
    [InlineData(new[] { "**/*.ps1" }, new[] { "**/*.psm1" }, 0)]
    [InlineData(new[] { "**/*.ps1" }, new[] { "tools/*.ps1" }, 1)]
    [InlineData(new[] { "a/*.ps1", "b/*.ps1" }, new[] { "b/x.ps1", "a/x.ps1" }, 1)]
    public void FindOverlaps_PatternPairs_WarnsOncePerOverlappingRulePair(string[] first, string[] second, int expected)
    {
        RuleDefinition[] rules = [Rule("first", 0, first), Rule("second", 1, second)];

        Assert.Equal(expected, new RuleSelector(rules).FindOverlaps("policy.yaml").Count);
    }

    [Fact]
    public void FindOverlaps_ExcludeKeepsRulesApart_StillWarns()
    {
        RuleDefinition[] rules = [Rule("all", 0, ["**/*.ps1"], exclude: ["tools/**"]), Rule("tools", 1, ["tools/*.ps1"])];

        Assert.Single(new RuleSelector(rules).FindOverlaps("policy.yaml"));
    }
}
