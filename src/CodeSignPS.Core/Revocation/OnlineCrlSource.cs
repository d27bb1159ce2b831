using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Revocation;

/// <summary>
/// CRLs downloaded from a certificate's own distribution points. Download failures are kept per
/// certificate, so that a RevocationUnknown message can say which server failed and how.
/// </summary>
public sealed class OnlineCrlSource : ICrlSource
{
    private readonly CrlDownloader _downloader;

    public OnlineCrlSource(CrlDownloader downloader)
    {
        _downloader = downloader;
    }

    public IReadOnlyList<CertificateRevocationList> FindCrls(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
        => Fetch(certificate, cancellationToken).Crls;

    /// <summary>Downloads and decodes the CRLs of <paramref name="certificate"/>; returns them with a reason for each URL that gave none.</summary>
    public (IReadOnlyList<CertificateRevocationList> Crls, IReadOnlyList<string> Failures) Fetch(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        List<CertificateRevocationList> crls = new();
        List<string> failures = new(RevocationUrls.Read(certificate).Ignored);
        foreach (CrlDownload download in _downloader.Download(certificate, cancellationToken))
        {
            if (!download.Succeeded)
            {
                failures.Add($"the CRL distribution point '{download.Url}' {download.Failure}");
                continue;
            }

            try
            {
                crls.Add(CertificateRevocationList.Decode(download.Crl!));
            }
            catch (Exception ex) when (ex is System.Formats.Asn1.AsnContentException or FormatException)
            {
                failures.Add($"the CRL from '{download.Url}' could not be decoded ({ex.Message})");
            }
        }

        return (crls, failures);
    }
}
