using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Checks inventory certificates offline against the CRL files a caller gave, with the same
/// <see cref="RevocationChecker"/> that signature verification uses, and records which CRLs covered
/// nothing so the caller can be warned about them.
/// </summary>
/// <remarks>
/// A certificate is checked along its trusted chain when one was built, or against itself when it is
/// self-signed. Without either, its issuer's key is unknown, no CRL can be verified for it, and its
/// revocation is <see cref="RevocationStatus.Unknown"/>.
/// </remarks>
public sealed class CertificateInventoryRevocation
{
    private readonly IReadOnlyList<GivenCrl> _crls;
    private readonly Dictionary<CertificateRevocationList, GivenCrl> _byCrl = new(ReferenceEqualityComparer.Instance);
    private readonly RevocationChecker _checker;
    private readonly List<X500DistinguishedName> _issuersNotFound = [];
    private int _checkedCount;

    private CertificateInventoryRevocation(IReadOnlyList<GivenCrl> crls)
    {
        _crls = crls;
        foreach (GivenCrl given in crls)
        {
            _byCrl[given.Crl] = given;
        }

        _checker = new RevocationChecker(new CrlCollection(crls.Select(given => given.Crl).ToArray())) { CrlJudged = Record };
    }

    /// <summary>Loads the CRL files or folders of CRL files at <paramref name="paths"/>.</summary>
    /// <exception cref="CodeSignException"><c>CrlNotFound</c> or <c>CrlUnreadable</c> naming the path, from <see cref="CrlFileLoader"/>.</exception>
    public static CertificateInventoryRevocation Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var crls = new List<GivenCrl>();
        foreach (string path in paths)
        {
            string fullPath = Path.GetFullPath(path);
            crls.AddRange(CrlFileLoader.Load([fullPath]).Select(crl => new GivenCrl(fullPath, crl)));
        }

        return new CertificateInventoryRevocation(crls);
    }

    /// <summary>The number of CRLs loaded.</summary>
    public int CrlCount => _crls.Count;

    /// <summary>Checks <paramref name="certificate"/> at <paramref name="now"/>.</summary>
    /// <param name="chain">The chain built to a trust store (leaf first); empty when none was built.</param>
    /// <param name="chainTrusted">Whether <paramref name="chain"/> reached a trust anchor; an untrusted chain is not used.</param>
    public RevocationOutcome Check(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, bool chainTrusted, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(chain);
        _checkedCount++;

        IReadOnlyList<X509Certificate2>? path = chainTrusted && chain.Count > 1 ? chain
            : SelfSignature.IsSelfSigned(certificate) ? [certificate, certificate]
            : null;
        if (path is null)
        {
            _issuersNotFound.Add(certificate.IssuerName);
            string reason = chain.Count > 1 && !chainTrusted
                ? "its chain does not reach an anchor of -TrustStore, so its issuer's key is not known"
                : $"its issuer '{certificate.Issuer}' was not found";
            return new RevocationOutcome(RevocationStatus.Unknown,
                $"Revocation of '{certificate.Subject}' (serial {certificate.SerialNumber}) is unknown: {reason}, so no CRL can be verified for it. Pass the issuer's CA certificate (or its root) with -TrustStore.",
                certificate, null);
        }

        RevocationOutcome outcome = _checker.Check(path, new DateTimeOffset(now, TimeSpan.Zero), timestampTime: null);
        if (outcome.Status == RevocationStatus.Revoked && FindListing(outcome.Entry) is { } listing)
        {
            return outcome with { Message = $"{outcome.Message} The CRL was read from '{listing.Path}'. Stop signing with this certificate." };
        }

        return outcome;
    }

    /// <summary>
    /// Describes each CRL that no certificate checked so far could use: its issuer issued none of them,
    /// its issuer's certificate was not found, or it failed verification. One message per CRL, naming
    /// the path it was loaded from and what to do.
    /// </summary>
    public IReadOnlyList<string> DescribeUnusedCrls()
    {
        var messages = new List<string>();
        foreach (GivenCrl given in _crls.Where(given => !given.WasUsed))
        {
            string crl = $"The CRL of '{given.Crl.Issuer.Name}' issued {given.Crl.ThisUpdate.UtcDateTime:u} from '{given.Path}'";
            if (given.Rejections.Count > 0)
            {
                messages.Add($"{crl} was not used: {string.Join("; ", given.Rejections)}. " +
                    "The certificates of that issuer are RevocationUnknown. Give the CRL that the issuing CA signed, and pass that CA's certificate with -TrustStore.");
            }
            else if (_issuersNotFound.Any(name => IssuerNames.AreEqual(name, given.Crl.Issuer)))
            {
                messages.Add($"{crl} could not be verified: the certificate of its issuer was not found, so its signature cannot be checked. " +
                    "Pass the issuer's CA certificate (or its root) with -TrustStore.");
            }
            else
            {
                messages.Add($"{crl} covers none of the {_checkedCount} certificate(s) listed: none of them was issued by '{given.Crl.Issuer.Name}'. " +
                    "Check that this is the CRL of the CA that issued them.");
            }
        }

        return messages;
    }

    private void Record(CertificateRevocationList crl, X509Certificate2 issuer, string? rejection)
    {
        GivenCrl given = _byCrl[crl];
        if (rejection is null)
        {
            given.WasUsed = true;
        }
        else
        {
            given.Rejections.Add(rejection.TrimEnd('.'));
        }
    }

    private GivenCrl? FindListing(RevokedCertificateEntry? entry)
        => entry is null ? null : _crls.FirstOrDefault(given => given.Crl.Entries.Any(listed => ReferenceEquals(listed, entry)));

    private sealed class GivenCrl(string path, CertificateRevocationList crl)
    {
        public string Path { get; } = path;

        public CertificateRevocationList Crl { get; } = crl;

        /// <summary>Whether the CRL verified with the key of an issuer it was checked against.</summary>
        public bool WasUsed { get; set; }

        /// <summary>Why the CRL was rejected, once per distinct reason.</summary>
        public HashSet<string> Rejections { get; } = new(StringComparer.Ordinal);
    }
}
