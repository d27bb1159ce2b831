using CodeSignPS.Core.Policy.Matching;

namespace CodeSignPS.Core.Tests.Policy.Match;

public sealed class GlobPatternTests
{
    // ---- '*' stays within one segment ----
    [Theory]
    [InlineData("*.ps1", "run.ps1", true)]
    [InlineData("*.ps1", ".ps1", true)]
    [InlineData("*.ps1", "tools/run.ps1", false)]
    [InlineData("tools/*.ps1", "tools/run.ps1", true)]
    [InlineData("tools/*.ps1", "tools/sub/run.ps1", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("*", "file", true)]
    [InlineData("*", "dir/file", false)]
    public void IsMatch_Star_StaysInSegment(string pattern, string path, bool expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    // ---- '**' across segments, including none ----
    [Theory]
    [InlineData("**/*.ps1", "run.ps1", true)]
    [InlineData("**/*.ps1", "a/b/c/run.ps1", true)]
    [InlineData("**/*.ps1", "a/b/c/run.psm1", false)]
    [InlineData("vendor/**/*.psm1", "vendor/x.psm1", true)]
    [InlineData("vendor/**/*.psm1", "vendor/a/b/x.psm1", true)]
    [InlineData("vendor/**/*.psm1", "other/vendor/x.psm1", false)]
    [InlineData("a/**/b/**/c", "a/b/c", true)]
    [InlineData("a/**/b/**/c", "a/x/b/y/z/c", true)]
    [InlineData("a/**/b/**/c", "a/x/c", false)]
    [InlineData("tests/**", "tests/unit/a.ps1", true)]
    [InlineData("tests/**", "tests/a.ps1", true)]
    [InlineData("tests/**", "tests", false)]
    [InlineData("tests/**", "testsuite/a.ps1", false)]
    [InlineData("**", "any/thing/at/all", true)]
    [InlineData("**/tests/**", "src/tests/a.ps1", true)]
    [InlineData("**/tests/**", "tests/a.ps1", true)]
    public void IsMatch_DoubleStar_CrossesSegments(string pattern, string path, bool expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    // ---- '?' is one character other than '/' ----
    [Theory]
    [InlineData("v?.ps1", "v1.ps1", true)]
    [InlineData("v?.ps1", "v.ps1", false)]
    [InlineData("v?.ps1", "v12.ps1", false)]
    [InlineData("a?b", "a/b", false)]
    public void IsMatch_QuestionMark_OneCharacter(string pattern, string path, bool expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    // ---- bracket classes ----
    [Theory]
    [InlineData("[abc].ps1", "b.ps1", true)]
    [InlineData("[abc].ps1", "d.ps1", false)]
    [InlineData("v[0-9].ps1", "v7.ps1", true)]
    [InlineData("v[0-9].ps1", "vx.ps1", false)]
    [InlineData("v[!0-9].ps1", "vx.ps1", true)]
    [InlineData("v[^0-9].ps1", "v7.ps1", false)]
    [InlineData("[]x].ps1", "].ps1", true)]
    [InlineData("[a-].ps1", "-.ps1", true)]
    [InlineData("a[!x]b", "a/b", false)]
    public void IsMatch_Class_OneCharacterOfClass(string pattern, string path, bool expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    // ---- ordinal, case-sensitive ----
    [Theory]
    [InlineData("*.PS1", "run.ps1", false)]
    [InlineData("Vendor/**/*.psm1", "vendor/a.psm1", false)]
    [InlineData("[A-Z].ps1", "a.ps1", false)]
    [InlineData("Ä.ps1", "ä.ps1", false)]
    public void IsMatch_DifferentCase_DoesNotMatch(string pattern, string path, bool expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    // ---- specificity: characters outside wildcards ----
    [Theory]
    [InlineData("**/*.ps1", 5)]
    [InlineData("vendor/**/*.psm1", 13)]
    [InlineData("tools/run.ps1", 13)]
    [InlineData("v[0-9]?.ps1", 5)]
    [InlineData("**", 0)]
    [InlineData("tests/**", 6)]
    public void Specificity_Pattern_CountsCharactersOutsideWildcards(string pattern, int expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).Specificity);

    // ---- invalid patterns ----
    [Theory]
    [InlineData("", "empty")]
    [InlineData("tools\\*.ps1", "'/'")]
    [InlineData("/tools/*.ps1", "leading '/'")]
    [InlineData("tools//a.ps1", "empty folder name")]
    [InlineData("tools/", "empty folder name")]
    [InlineData("**.ps1", "whole segment")]
    [InlineData("a/b**/c", "whole segment")]
    [InlineData("[abc.ps1", "not closed")]
    [InlineData("[z-a].ps1", "'a-z'")]
    public void TryParse_InvalidPattern_ReturnsReason(string pattern, string expectedFragment)
    {
        Assert.False(GlobPattern.TryParse(pattern, out GlobPattern? parsed, out string? error));
        Assert.Null(parsed);
        Assert.Contains(expectedFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidPattern_ThrowsArgumentExceptionNamingPattern()
    {
        ArgumentException exception = Assert.Throws<ArgumentException>(() => GlobPattern.Parse("[x"));
        Assert.Contains("'[x'", exception.Message, StringComparison.Ordinal);
    }

    // ---- common paths of two patterns ----
    [Theory]
    [InlineData("**/*.psm1", "vendor/**/*.psm1")]
    [InlineData("*.ps1", "run.*")]
    [InlineData("a/**", "**/b")]
    [InlineData("v[0-9].ps1", "v[5-7].ps1")]
    [InlineData("v[!a].ps1", "v?.ps1")]
    [InlineData("*", "**/*")]
    public void FindCommonPath_OverlappingPatterns_ReturnsPathBothMatch(string first, string second)
    {
        GlobPattern a = GlobPattern.Parse(first);
        GlobPattern b = GlobPattern.Parse(second);

        string? common = a.FindCommonPath(b);

        Assert.NotNull(common);
        Assert.NotEmpty(common);
        Assert.True(a.IsMatch(common), $"'{first}' should match '{common}'");
        Assert.True(b.IsMatch(common), $"'{second}' should match '{common}'");
    }

    [Theory]
    [InlineData("**/*.ps1", "**/*.psm1")]
    [InlineData("src/**", "tests/**")]
    [InlineData("*.ps1", "a/*.ps1")]
    [InlineData("v[0-4].ps1", "v[5-9].ps1")]
    [InlineData("v[!a-z].ps1", "v[a-z].ps1")]
    [InlineData("a/*/c", "a/c")]
    [InlineData("*.PS1", "*.ps1")]
    public void FindCommonPath_DisjointPatterns_ReturnsNull(string first, string second)
        => Assert.Null(GlobPattern.Parse(first).FindCommonPath(GlobPattern.Parse(second)));
}
