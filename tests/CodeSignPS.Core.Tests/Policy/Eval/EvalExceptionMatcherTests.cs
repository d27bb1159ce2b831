using System.Security.Cryptography;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Policy.Eval;

public sealed class EvalExceptionMatcherTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 6, 1);
    private readonly TempFolder _folder = new();
    private readonly Artifact _artifact;
    private readonly string _sha256;

    public EvalExceptionMatcherTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "vendor"));
        string path = _folder.Write("vendor/Legacy.psm1", "function Get-Legacy { 1 }\n"u8.ToArray());
        _artifact = new Artifact(path, "vendor/Legacy.psm1");
        _sha256 = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
    }

    public void Dispose() => _folder.Dispose();

    private ExceptionMatch Match(string? environment, params ExceptionDefinition[] exceptions)
        => new ExceptionMatcher(exceptions, environment, Today).Match(_artifact);

    // ---- applies ----

    [Fact]
    public void Match_PathHashEnvironmentAndDate_Applies()
    {
        ExceptionMatch match = Match("staging", EvalFakes.Exception("vendor/Legacy.psm1", _sha256, Today, "staging"));

        Assert.Equal(ExceptionMatchKind.Applies, match.Kind);
        Assert.Equal(_sha256, match.Sha256);
    }

    [Fact]
    public void Match_UpperCaseHash_Applies()
        => Assert.Equal(ExceptionMatchKind.Applies, Match("staging", EvalFakes.Exception("vendor/Legacy.psm1", _sha256.ToUpperInvariant(), Today, "staging")).Kind);

    // ---- does not apply ----

    [Fact]
    public void Match_ExpiredYesterday_ReportsExpired()
        => Assert.Equal(ExceptionMatchKind.Expired, Match("staging", EvalFakes.Exception("vendor/Legacy.psm1", _sha256, Today.AddDays(-1), "staging")).Kind);

    [Fact]
    public void Match_HashDiffers_ReportsContentChanged()
    {
        ExceptionMatch match = Match("staging", EvalFakes.Exception("vendor/Legacy.psm1", new string('0', 64), Today, "staging"));

        Assert.Equal(ExceptionMatchKind.ContentChanged, match.Kind);
        Assert.Equal(_sha256, match.Sha256);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData(null)]
    public void Match_EnvironmentNotListed_ReturnsNone(string? environment)
        => Assert.Equal(ExceptionMatchKind.None, Match(environment, EvalFakes.Exception("vendor/Legacy.psm1", _sha256, Today, "staging")).Kind);

    [Theory]
    [InlineData("Vendor/Legacy.psm1")]
    [InlineData("vendor/Legacy.psm1 ")]
    [InlineData("./vendor/Legacy.psm1")]
    public void Match_PathDiffersOrdinally_ReturnsNone(string path)
        => Assert.Equal(ExceptionMatchKind.None, Match("staging", EvalFakes.Exception(path, _sha256, Today, "staging")).Kind);

    // ---- several exceptions for one path ----

    [Fact]
    public void Match_ExpiredAndValid_PrefersValid()
    {
        ExceptionMatch match = Match("staging",
            EvalFakes.Exception("vendor/Legacy.psm1", _sha256, Today.AddDays(-10), "staging"),
            EvalFakes.Exception("vendor/Legacy.psm1", _sha256, Today.AddDays(10), "staging"));

        Assert.Equal(ExceptionMatchKind.Applies, match.Kind);
        Assert.Equal(Today.AddDays(10), match.Exception!.Expires.Value);
    }

    [Fact]
    public void Match_ChangedAndExpired_ReportsExpired()
    {
        ExceptionMatch match = Match("staging",
            EvalFakes.Exception("vendor/Legacy.psm1", new string('1', 64), Today, "staging"),
            EvalFakes.Exception("vendor/Legacy.psm1", _sha256, Today.AddDays(-1), "staging"));

        Assert.Equal(ExceptionMatchKind.Expired, match.Kind);
    }
}
