using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>
/// Where <see cref="RevocationChecker"/> gets CRLs: files given by the caller (offline), or the
/// certificate's distribution points (online).
/// </summary>
public interface ICrlSource
{
    /// <summary>
    /// Returns the CRLs that may cover <paramref name="certificate"/>, which <paramref name="issuer"/>
    /// issued. The checker verifies each one's issuer name, signature and dates, so a source may return
    /// more than it needs to. An empty list means no CRL was found.
    /// </summary>
    IReadOnlyList<CertificateRevocationList> FindCrls(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken);
}
