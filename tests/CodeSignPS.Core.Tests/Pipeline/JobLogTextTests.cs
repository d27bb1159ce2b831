using CodeSignPS.Core.Pipeline;

namespace CodeSignPS.Core.Tests.Pipeline;

public sealed class JobLogTextTests
{
    // ---- text with nothing to change ----

    [Theory]
    [InlineData("Signed 'scripts/a.ps1' with SHA256.")]
    [InlineData("Two lines:\nthe second one.")]
    [InlineData("Tab\tand CRLF\r\nstay.")]
    [InlineData("A # and a ## and vso[ alone.")]
    [InlineData("C:\\path and a::b inside a line.")]
    [InlineData("")]
    public void MakeSafe_OrdinaryText_Unchanged(string text)
    {
        Assert.Equal(text, JobLogText.MakeSafe(text));
        Assert.True(JobLogText.IsSafe(text));
    }

    [Fact]
    public void MakeSafe_Null_Empty() => Assert.Equal(string.Empty, JobLogText.MakeSafe(null));

    // ---- control characters ----

    [Theory]
    [InlineData("a\u001b[2Kb", "a[U+001B][2Kb")]
    [InlineData("bell\u0007", "bell[U+0007]")]
    [InlineData("nul\0", "nul[U+0000]")]
    [InlineData("del\u007f", "del[U+007F]")]
    [InlineData("next line\u0085", "next line[U+0085]")]
    [InlineData("form\ffeed\vtab", "form[U+000C]feed[U+000B]tab")]
    public void MakeSafe_ControlCharacter_WrittenAsCodePoint(string text, string expected) =>
        Assert.Equal(expected, JobLogText.MakeSafe(text));

    // ---- Azure Pipelines commands, read anywhere in a line ----

    [Theory]
    [InlineData("##vso[task.setvariable variable=X]1", "[U+0023]#vso[task.setvariable variable=X]1")]
    [InlineData("file 'a##vso[task.complete]b.ps1'", "file 'a[U+0023]#vso[task.complete]b.ps1'")]
    [InlineData("##VSO[task.setvariable]", "[U+0023]#VSO[task.setvariable]")]
    [InlineData("###vso[x]", "#[U+0023]#vso[x]")]
    [InlineData("##vso[a]##vso[b]", "[U+0023]#vso[a][U+0023]#vso[b]")]
    [InlineData("x\n##vso[a]\ny", "x\n[U+0023]#vso[a]\ny")]
    public void MakeSafe_AzureCommand_FirstHashWrittenAsCodePoint(string text, string expected)
    {
        string safe = JobLogText.MakeSafe(text);

        Assert.Equal(expected, safe);
        Assert.DoesNotContain("##vso[", safe, StringComparison.OrdinalIgnoreCase);
    }

    // ---- GitHub Actions commands, read at the start of a line ----

    [Theory]
    [InlineData("::set-output name=p::v", "[U+003A]:set-output name=p::v")]
    [InlineData("x\n::error::boom", "x\n[U+003A]:error::boom")]
    [InlineData("x\r::error::boom", "x\r[U+003A]:error::boom")]
    [InlineData("x\r\n  \t::add-mask::v", "x\r\n  \t[U+003A]:add-mask::v")]
    [InlineData("x\n\u00a0::warning::w", "x\n\u00a0[U+003A]:warning::w")]
    [InlineData(":::", "[U+003A]::")]
    public void MakeSafe_GitHubCommand_FirstColonWrittenAsCodePoint(string text, string expected)
    {
        string safe = JobLogText.MakeSafe(text);

        Assert.Equal(expected, safe);
        Assert.DoesNotContain(safe.Split('\r', '\n'), line => line.TrimStart().StartsWith("::", StringComparison.Ordinal));
    }

    [Fact]
    public void MakeSafe_VerticalTabBeforeColons_CodePoint()
    {
        // The vertical tab is white space to Trim, but it is shown as a code point first.
        Assert.Equal("x\n[U+000B]::error::e", JobLogText.MakeSafe("x\n\v::error::e"));
    }

    // ---- properties of the result ----

    [Theory]
    [InlineData("x\n##vso[task.setvariable variable=PWNED]yes\n::set-output name=p::v\n.ps1")]
    [InlineData("\u001b]0;##vso[x]\u0007\n  ::stop-commands::t")]
    [InlineData("[U+0023]#vso[ and [U+003A]: already shown")]
    public void MakeSafe_AppliedTwice_SameResult(string text)
    {
        string once = JobLogText.MakeSafe(text);

        Assert.Equal(once, JobLogText.MakeSafe(once));
        Assert.True(JobLogText.IsSafe(once));
    }

    [Fact]
    public void IsSafe_CommandInText_False()
    {
        Assert.False(JobLogText.IsSafe("a\n::error::b"));
        Assert.False(JobLogText.IsSafe("a ##vso[b]"));
        Assert.False(JobLogText.IsSafe("a\u001bb"));
    }
}
