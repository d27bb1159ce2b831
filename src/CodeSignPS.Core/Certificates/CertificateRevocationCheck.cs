using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Finds certificates listed in given CRL files, offline. A CRL counts only when its issuer name is
/// the certificate's issuer name and its signature verifies with that issuer's public key, so a CRL
/// written by anyone else cannot mark a certificate revoked.
/// </summary>
public sealed class CertificateRevocationCheck
{
    private const long MaxCrlBytes = 64 * 1024 * 1024;

    private readonly IReadOnlyList<(string Path, CertificateRevocationList Crl)> _crls;
    private readonly X509Certificate2Collection _issuers;

    private CertificateRevocationCheck(IReadOnlyList<(string, CertificateRevocationList)> crls, X509Certificate2Collection issuers)
    {
        _crls = crls;
        _issuers = issuers;
    }

    /// <summary>Reads the CRL files; issuers are looked up among <paramref name="issuers"/> and each certificate's chain.</summary>
    /// <exception cref="CodeSignException"><c>CrlNotFound</c> or <c>CrlUnreadable</c> naming the file.</exception>
    public static CertificateRevocationCheck Load(IEnumerable<string> crlPaths, X509Certificate2Collection issuers)
    {
        ArgumentNullException.ThrowIfNull(crlPaths);
        ArgumentNullException.ThrowIfNull(issuers);
        return new CertificateRevocationCheck(crlPaths.Select(path => (path, Read(path))).ToList(), issuers);
    }

    /// <summary>Whether a CRL signed by the certificate's issuer lists it, with the CRL's path as the reason.</summary>
    /// <param name="chain">The certificate's chain when one was built (leaf first); its second element is the issuer.</param>
    public string? FindRevocation(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain)
    {
        byte[] issuerName = certificate.IssuerName.RawData;
        List<X509Certificate2> issuers = IssuerCandidates(certificate, chain, issuerName);

        foreach ((string path, CertificateRevocationList crl) in _crls)
        {
            if (!crl.Issuer.RawData.AsSpan().SequenceEqual(issuerName)
                || !issuers.Any(issuer => crl.VerifySignature(issuer) is null)
                || crl.FindEntry(certificate) is not { } entry)
            {
                continue;
            }

            string reason = entry.Reason is { } code ? $", reason {code}" : string.Empty;
            return $"The CRL '{path}' from '{crl.Issuer.Name}' lists certificate '{certificate.Subject}' (serial {certificate.SerialNumber}) " +
                $"as revoked at {entry.RevocationDate.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC{reason}. Stop signing with it.";
        }

        return null;
    }

    private List<X509Certificate2> IssuerCandidates(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, byte[] issuerName)
    {
        IEnumerable<X509Certificate2> candidates = chain.Count > 1 ? [chain[1]] : [];
        candidates = candidates.Concat(_issuers.Cast<X509Certificate2>()).Append(certificate);
        return candidates.Where(candidate => candidate.SubjectName.RawData.AsSpan().SequenceEqual(issuerName)).ToList();
    }

    private static CertificateRevocationList Read(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CodeSignException(
                    "CrlNotFound", FailureCategory.ObjectNotFound, $"The CRL file '{path}' does not exist. Check the path given to -CrlPath.", path);
            }

            if (info.Length > MaxCrlBytes)
            {
                throw Unreadable(path, $"{info.Length} bytes, more than the {MaxCrlBytes} a CRL file may have", null);
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("CrlUnreadable", FailureCategory.ReadError, $"The CRL file '{path}' cannot be read: {exception.Message}", path, exception);
        }

        try
        {
            return CertificateRevocationList.Decode(bytes);
        }
        catch (Exception exception) when (exception is AsnContentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw Unreadable(path, $"bytes that do not decode as a CRL ({exception.Message})", exception);
        }
    }

    private static CodeSignException Unreadable(string path, string found, Exception? inner) => new(
        "CrlUnreadable",
        FailureCategory.InvalidData,
        $"The CRL file '{path}' is not a CRL: expected a DER or PEM X.509 CRL, found {found}.",
        path,
        inner);
}
