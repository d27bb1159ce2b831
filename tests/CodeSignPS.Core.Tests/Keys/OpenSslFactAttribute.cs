namespace CodeSignPS.Core.Tests.Keys;

/// <summary>A fact that needs openssl: skipped without it, except under CI where it runs and fails.</summary>
internal sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (!OpenSsl.IsAvailable && !OpenSsl.IsRequired)
        {
            Skip = "openssl is not on PATH; install it to run this test.";
        }
    }
}
