namespace CodeSignPS.Core.Tests.Keys;

/// <summary>A theory that needs openssl: skipped without it, except under CI where it runs and fails.</summary>
internal sealed class OpenSslTheoryAttribute : TheoryAttribute
{
    public OpenSslTheoryAttribute()
    {
        if (!OpenSsl.IsAvailable && !OpenSsl.IsRequired)
        {
            Skip = "openssl is not on PATH; install it to run this test.";
        }
    }
}
