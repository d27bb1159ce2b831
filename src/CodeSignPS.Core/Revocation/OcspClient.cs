using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Revocation;

/// <summary>
/// Asks a certificate's own OCSP responders (its authority information access extension) whether
/// it is revoked (RFC 6960). Results are cached per client, so one instance serves one verification run.
/// </summary>
public sealed class OcspClient
{
    private const string RequestMediaType = "application/ocsp-request";

    // Responder and verifier clocks differ; RFC 6960 §4.2.2.1 leaves the tolerance to the client.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly RevocationHttp _http;
    private readonly ConcurrentDictionary<string, OcspResult> _cache = new();

    public OcspClient(RevocationHttp http, HashAlgorithmName? certIdHash = null)
    {
        _http = http;
        CertIdHash = certIdHash ?? HashAlgorithmName.SHA1;
    }

    /// <summary>
    /// The hash of the CertID: SHA1 by default, because RFC 5019 responders need not accept other
    /// hashes, and the CertID only identifies the certificate, the response signature protects it.
    /// </summary>
    public HashAlgorithmName CertIdHash { get; }

    /// <summary>The limits of the HTTP client this OCSP client uses.</summary>
    public RevocationFetchOptions Options => _http.Options;

    /// <summary>Asks the responders of <paramref name="certificate"/>, in order, until one returns a verified response.</summary>
    public OcspResult Check(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
    {
        RevocationUrls urls = RevocationUrls.Read(certificate);
        if (urls.OcspUrls.Count == 0)
        {
            return new OcspResult(OcspCertStatus.Failed, null, $"The certificate '{certificate.Subject}' names no http OCSP responder.");
        }

        OcspResult result = null!;
        foreach (Uri url in urls.OcspUrls)
        {
            string key = url + "|" + certificate.Thumbprint + "|" + issuer.Thumbprint;
            result = _cache.GetOrAdd(key, _ => Ask(url, certificate, issuer, cancellationToken));
            if (result.Status != OcspCertStatus.Failed)
            {
                return result;
            }
        }

        return result;
    }

    private OcspResult Ask(Uri url, X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
    {
        OcspCertId certId = OcspCertId.Create(certificate, issuer, CertIdHash);
        byte[] nonce = RandomNumberGenerator.GetBytes(16);
        try
        {
            byte[] reply = _http.Post(url, OcspRequestWriter.Write(certId, nonce), RequestMediaType, _http.Options.MaxOcspResponseBytes, cancellationToken);
            return Judge(url, OcspResponseReader.Read(reply), certId, nonce, issuer);
        }
        catch (RevocationFetchException ex)
        {
            return Failed(url, ex.Message);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return Failed(url, $"returned a malformed response ({ex.Message})");
        }
    }

    private static OcspResult Judge(Uri url, OcspBasicResponse response, OcspCertId certId, byte[] nonce, X509Certificate2 issuer)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        if (OcspSignature.FindSigner(response, issuer, now) is null)
        {
            return Failed(url, $"returned a response that is signed neither by the issuer '{issuer.Subject}' nor by an OCSP signing certificate it issued");
        }

        if (response.Nonce is not null && !response.Nonce.AsSpan().SequenceEqual(nonce))
        {
            return Failed(url, "returned a response with another request's nonce, which may be a replay");
        }

        OcspSingleResponse? single = response.Responses.FirstOrDefault(candidate => candidate.CertId.Matches(certId));
        if (single is null)
        {
            return Failed(url, "returned a response about other certificates, not the one asked about");
        }

        if (single.ThisUpdate > now + ClockSkew)
        {
            return Failed(url, $"returned a response dated {single.ThisUpdate:u}, in the future");
        }

        if (single.NextUpdate is DateTimeOffset next && next < now - ClockSkew)
        {
            return Failed(url, $"returned a stale response: its next update was due {next:u}");
        }

        return single.Status switch
        {
            OcspCertStatus.Good => new OcspResult(OcspCertStatus.Good, url, $"The OCSP responder at '{url}' reports the certificate as good."),
            OcspCertStatus.Revoked => new OcspResult(
                OcspCertStatus.Revoked, url,
                $"The OCSP responder at '{url}' reports the certificate revoked at {single.RevocationTime:u}{DescribeReason(single.RevocationReason)}.",
                single.RevocationTime, single.RevocationReason),
            _ => new OcspResult(OcspCertStatus.Unknown, url, $"The OCSP responder at '{url}' does not know the certificate (status unknown)."),
        };
    }

    private static OcspResult Failed(Uri url, string reason)
        => new(OcspCertStatus.Failed, url, $"The OCSP responder at '{url}' {reason}.");

    /// <summary>Names a CRLReason code (RFC 5280 §5.3.1).</summary>
    public static string ReasonName(int reason) => reason switch
    {
        0 => "unspecified",
        1 => "keyCompromise",
        2 => "cACompromise",
        3 => "affiliationChanged",
        4 => "superseded",
        5 => "cessationOfOperation",
        6 => "certificateHold",
        8 => "removeFromCRL",
        9 => "privilegeWithdrawn",
        10 => "aACompromise",
        _ => $"reason {reason}",
    };

    private static string DescribeReason(int? reason) => reason is int code ? $", reason {ReasonName(code)}" : ", no reason given";
}
