using System.Management.Automation;
using CodeSignPS.Core.Revocation;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Commands;

/// <summary>
/// -RevocationMode Online: one checker per run, so that each OCSP answer and CRL is fetched once for
/// all files, with a timeout per request and a budget per signature.
/// </summary>
public sealed partial class GetCodeSignatureCommand
{
    private RevocationHttp? _revocationHttp;

    /// <summary>Seconds one OCSP request or CRL download may take with -RevocationMode Online.</summary>
    [Parameter]
    [ValidateRange(1, 120)]
    public int RevocationTimeoutSeconds { get; set; } = (int)RevocationFetchOptions.DefaultTimeout.TotalSeconds;

    /// <summary>Adds the online checker to <paramref name="options"/> when -RevocationMode is Online; given CRLs are consulted first.</summary>
    private VerificationOptions AddOnlineRevocation(VerificationOptions options)
    {
        if (RevocationMode != RevocationMode.Online)
        {
            return options;
        }

        TimeSpan timeout = TimeSpan.FromSeconds(RevocationTimeoutSeconds);
        var limits = new RevocationFetchOptions
        {
            Timeout = timeout,
            // A chain of three certificates may need an OCSP request and a CRL download each.
            TotalBudget = timeout * 6,
        };
        OnlineRevocationChecker checker = OnlineRevocationChecker.Create(options.Crls, limits, out _revocationHttp, CancellationToken);
        WriteVerbose($"Checking revocation online: OCSP first, then CRL distribution points; {RevocationTimeoutSeconds} s per request, {limits.TotalBudget.TotalSeconds} s per signature.");
        return options with { OnlineRevocation = checker };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _revocationHttp?.Dispose();
        }

        base.Dispose(disposing);
    }
}
