using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CodeSignPS.Core.Revocation;

/// <summary>
/// Downloads the CRLs that certificates name in their CRL distribution points extension. Each URL
/// is fetched at most once per downloader, so one instance serves one verification run.
/// </summary>
public sealed class CrlDownloader
{
    private readonly RevocationHttp _http;
    private readonly ConcurrentDictionary<Uri, CrlDownload> _cache = new();

    public CrlDownloader(RevocationHttp http)
    {
        _http = http;
    }

    /// <summary>Downloads every http CRL that <paramref name="certificate"/> names, in the certificate's order.</summary>
    public IReadOnlyList<CrlDownload> Download(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        RevocationUrls urls = RevocationUrls.Read(certificate);
        return urls.CrlUrls.Select(url => Download(url, cancellationToken)).ToList();
    }

    /// <summary>Downloads the CRL at <paramref name="url"/>, or returns the earlier outcome for it.</summary>
    public CrlDownload Download(Uri url, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(url, out CrlDownload? earlier))
        {
            return earlier;
        }

        CrlDownload outcome;
        try
        {
            byte[] body = _http.Get(url, _http.Options.MaxCrlBytes, cancellationToken);
            outcome = new CrlDownload(url, ToDer(body), null);
        }
        catch (RevocationFetchException ex)
        {
            outcome = new CrlDownload(url, null, ex.Message);
        }

        return _cache.GetOrAdd(url, outcome);
    }

    // RFC 5280 §4.2.1.13 asks for DER at an http distribution point, but some servers publish PEM.
    // Only the outer SEQUENCE is checked here; the CRL's content and signature are checked where it is used.
    private static byte[]? ToDer(byte[] body)
    {
        const string PemLabel = "X509 CRL";
        if (body.Length > 0 && body[0] == (byte)'-')
        {
            string text = Encoding.ASCII.GetString(body);
            if (!System.Security.Cryptography.PemEncoding.TryFind(text, out System.Security.Cryptography.PemFields fields)
                || text[fields.Label] != PemLabel)
            {
                throw new RevocationFetchException($"returned text that is not a PEM '{PemLabel}'");
            }

            body = Convert.FromBase64String(text[fields.Base64Data]);
        }

        try
        {
            var reader = new AsnReader(body, AsnEncodingRules.DER);
            reader.ReadSequence();
            if (reader.HasData)
            {
                throw new AsnContentException("bytes follow the CRL");
            }
        }
        catch (AsnContentException ex)
        {
            throw new RevocationFetchException($"returned {body.Length} bytes that are not a DER CRL ({ex.Message})", innerException: ex);
        }

        return body;
    }
}
