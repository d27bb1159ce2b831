using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Revocation;

/// <summary>
/// Downloads the CRLs a chain needs into a folder, each written atomically under a stable name, so
/// that <c>-RevocationMode Offline -CrlPath folder</c> can check the chain later without network.
/// </summary>
public sealed class CrlSaver
{
    public const string DownloadFailedErrorId = "CrlDownloadFailed";
    public const string CrlInvalidErrorId = "CrlInvalid";

    private readonly CrlDownloader _downloader;
    private readonly HashSet<Uri> _seen = new();

    public CrlSaver(CrlDownloader downloader)
    {
        _downloader = downloader;
    }

    /// <summary>The distribution points of every certificate of <paramref name="chain"/> but the last (the trust anchor), each once per saver.</summary>
    public IReadOnlyList<(Uri Url, X509Certificate2 Certificate, X509Certificate2? Issuer)> PlanDownloads(IReadOnlyList<X509Certificate2> chain)
    {
        var plan = new List<(Uri, X509Certificate2, X509Certificate2?)>();
        int count = chain.Count > 1 ? chain.Count - 1 : chain.Count;
        for (int index = 0; index < count; index++)
        {
            X509Certificate2? issuer = index + 1 < chain.Count ? chain[index + 1] : null;
            foreach (Uri url in RevocationUrls.Read(chain[index]).CrlUrls)
            {
                if (_seen.Add(url))
                {
                    plan.Add((url, chain[index], issuer));
                }
            }
        }

        return plan;
    }

    /// <summary>
    /// Downloads the CRL at <paramref name="url"/>, checks it (DER, and signed by <paramref name="issuer"/>
    /// when the issuer is known), and writes it into <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="CodeSignException"><see cref="DownloadFailedErrorId"/> or <see cref="CrlInvalidErrorId"/>.</exception>
    public SavedCrl Save(Uri url, X509Certificate2? issuer, string destination, CancellationToken cancellationToken)
    {
        CrlDownload download = _downloader.Download(url, cancellationToken);
        if (!download.Succeeded)
        {
            throw new CodeSignException(DownloadFailedErrorId, FailureCategory.ResourceUnavailable, $"The CRL distribution point '{url}' {download.Failure}; nothing was saved for it.", url.ToString());
        }

        CertificateRevocationList crl;
        try
        {
            crl = CertificateRevocationList.Decode(download.Crl!);
        }
        catch (Exception ex) when (ex is System.Formats.Asn1.AsnContentException or FormatException)
        {
            throw new CodeSignException(CrlInvalidErrorId, FailureCategory.InvalidData, $"The CRL from '{url}' is malformed ({ex.Message}); nothing was saved for it.", url.ToString(), ex);
        }

        if (issuer is not null && crl.VerifySignature(issuer) is { } failure)
        {
            throw new CodeSignException(CrlInvalidErrorId, FailureCategory.SecurityError, $"The CRL from '{url}' was not saved: {failure}.", url.ToString());
        }

        string path = Path.Combine(destination, FileNameFor(crl, url));
        bool written = !HasNewerCrl(path, crl);
        if (written)
        {
            AtomicFileWriter.CreateOrReplace(path, download.Crl);
        }

        return new SavedCrl
        {
            Url = url,
            Path = path,
            Issuer = crl.Issuer.Name,
            CrlNumber = crl.CrlNumber,
            ThisUpdate = crl.ThisUpdate,
            NextUpdate = crl.NextUpdate,
            RevokedCount = crl.Entries.Count,
            Written = written,
        };
    }

    /// <summary>
    /// Names the file after hashes of the CRL issuer's name and of the URL: the same CRL gets the same
    /// name on every run, and two distribution points of one CA (partitioned CRLs) never collide.
    /// </summary>
    public static string FileNameFor(CertificateRevocationList crl, Uri url)
    {
        string issuer = Convert.ToHexString(SHA256.HashData(crl.Issuer.RawData), 0, 8).ToLowerInvariant();
        string source = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)), 0, 8).ToLowerInvariant();
        return $"{issuer}-{source}.crl";
    }

    // A CA's CRL numbers only grow (RFC 5280 §5.2.3), so a lower number than the saved one is an
    // older CRL, served by a stale mirror or cache; writing it would hide later revocations.
    private static bool HasNewerCrl(string path, CertificateRevocationList downloaded)
    {
        if (!File.Exists(path) || downloaded.CrlNumber is null)
        {
            return false;
        }

        try
        {
            CertificateRevocationList saved = CertificateRevocationList.Decode(File.ReadAllBytes(path));
            return saved.CrlNumber is { } savedNumber && savedNumber > downloaded.CrlNumber.Value;
        }
        catch (Exception ex) when (ex is System.Formats.Asn1.AsnContentException or FormatException or IOException)
        {
            return false;
        }
    }
}
