using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>A fixed set of CRLs, looked up by issuer name, with no network I/O.</summary>
public sealed class CrlCollection : ICrlSource
{
    private readonly IReadOnlyList<CertificateRevocationList> _crls;

    public CrlCollection(IReadOnlyList<CertificateRevocationList> crls)
    {
        ArgumentNullException.ThrowIfNull(crls);
        _crls = crls;
    }

    public IReadOnlyList<CertificateRevocationList> FindCrls(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
        => _crls.Where(crl => IssuerNames.AreEqual(crl.Issuer, issuer.SubjectName)).ToArray();
}
