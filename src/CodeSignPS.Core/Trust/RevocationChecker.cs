using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>
/// Checks every certificate of a signer's chain, except the trust anchor, against CRLs from an
/// <see cref="ICrlSource"/>. A CRL counts for a certificate when all of these hold: its issuer name
/// matches the certificate's issuer, and its signature verifies with the issuer's key. It is a full
/// CRL (not a delta), has no critical extension this code does not understand, and its thisUpdate is
/// not after the check time.
/// </summary>
/// <remarks>
/// Decisions: a CRL whose nextUpdate has passed still proves a revocation it lists, because a
/// revocation is permanent; it cannot prove that a certificate is not revoked, so such a certificate is
/// Unknown. A listed certificate whose reason is superseded, cessationOfOperation, affiliationChanged or
/// privilegeWithdrawn stays good for a signature with a verified timestamp before the revocation date;
/// every other reason (keyCompromise, cACompromise, unspecified, certificateHold, aACompromise, or no
/// reason) revokes every signature.
/// </remarks>
public sealed class RevocationChecker
{
    private readonly ICrlSource _source;

    public RevocationChecker(ICrlSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>
    /// Called for each CRL the source returns, with the issuer it was checked against and why it was
    /// rejected (null when it was used), so a caller can tell which of its CRLs covered nothing.
    /// </summary>
    public Action<CertificateRevocationList, X509Certificate2, string?>? CrlJudged { get; init; }

    /// <summary>Checks <paramref name="chain"/> (leaf first, trust anchor last).</summary>
    /// <param name="checkTime">The time CRLs must be current at: now, or the caller's verification time.</param>
    /// <param name="timestampTime">The time of the signature's verified timestamp; null when it has none.</param>
    public RevocationOutcome Check(IReadOnlyList<X509Certificate2> chain, DateTimeOffset checkTime, DateTimeOffset? timestampTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        RevocationOutcome? unknown = null;
        var spared = new List<string>();

        for (int index = 0; index < chain.Count - 1; index++)
        {
            X509Certificate2 certificate = chain[index];
            X509Certificate2 issuer = chain[index + 1];
            RevocationOutcome outcome = CheckCertificate(certificate, issuer, checkTime, timestampTime, spared, cancellationToken);
            if (outcome.Status == RevocationStatus.Revoked)
            {
                return outcome;
            }

            unknown ??= outcome.Status == RevocationStatus.Unknown ? outcome : null;
        }

        if (unknown is not null)
        {
            return unknown;
        }

        string sparedNote = spared.Count == 0 ? "" : " " + string.Join(" ", spared);
        int checkedCount = Math.Max(chain.Count - 1, 0);
        return new RevocationOutcome(RevocationStatus.Good, $"No revocation applies: {checkedCount} certificate(s) checked against CRLs current at {checkTime.UtcDateTime:u}.{sparedNote}", null, null);
    }

    private RevocationOutcome CheckCertificate(X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset checkTime, DateTimeOffset? timestampTime, List<string> spared, CancellationToken cancellationToken)
    {
        var rejections = new List<string>();
        var usable = new List<CertificateRevocationList>();
        foreach (CertificateRevocationList crl in _source.FindCrls(certificate, issuer, cancellationToken))
        {
            string? rejection = Reject(crl, issuer, checkTime);
            CrlJudged?.Invoke(crl, issuer, rejection);
            if (rejection is null)
            {
                usable.Add(crl);
            }
            else
            {
                // Reasons are joined with "; " and the message ends with its own full stop.
                rejections.Add(rejection.TrimEnd('.'));
            }
        }

        // A listing on any verified CRL, current or expired, is a revocation. The newest CRL is read first.
        foreach (CertificateRevocationList crl in usable.OrderByDescending(crl => crl.ThisUpdate))
        {
            RevokedCertificateEntry? entry = crl.FindEntry(certificate);
            if (entry is null || entry.Reason == X509RevocationReason.RemoveFromCrl)
            {
                continue;
            }

            string revoked = $"The certificate '{certificate.Subject}' (serial {certificate.SerialNumber}) was revoked on {entry.RevocationDate.UtcDateTime:u}, reason {entry.Reason?.ToString() ?? "none given"}, by the CRL of '{issuer.Subject}' issued {crl.ThisUpdate.UtcDateTime:u}";
            if (RevocationReasons.SparesEarlierTimestamps(entry.Reason) && timestampTime is { } stamped && stamped < entry.RevocationDate)
            {
                // Only a current CRL can show that the reason was not changed to a compromise since.
                spared.Add($"{revoked}; the signature's verified timestamp {stamped.UtcDateTime:u} is earlier and the reason does not reach back, so the signature stays valid.");
                break;
            }

            string why = timestampTime is null ? "the signature has no verified timestamp"
                : RevocationReasons.SparesEarlierTimestamps(entry.Reason) ? $"the signature's verified timestamp {timestampTime.Value.UtcDateTime:u} is not earlier"
                : "this reason revokes every signature, timestamped or not";
            return new RevocationOutcome(RevocationStatus.Revoked, $"{revoked}; {why}.", certificate, entry);
        }

        if (usable.Any(crl => crl.NextUpdate is not { } next || next >= checkTime))
        {
            return new RevocationOutcome(RevocationStatus.Good, "", null, null);
        }

        if (usable.Count > 0)
        {
            CertificateRevocationList newest = usable.MaxBy(crl => crl.ThisUpdate)!;
            rejections.Add($"the newest CRL of '{issuer.Subject}' (issued {newest.ThisUpdate.UtcDateTime:u}) expired at {newest.NextUpdate!.Value.UtcDateTime:u}, before {checkTime.UtcDateTime:u}; get a current CRL");
        }

        string reasons = rejections.Count == 0
            ? $"no CRL issued by '{issuer.Subject}' was given; pass its CRL with -CrlPath"
            : string.Join("; ", rejections);
        return new RevocationOutcome(RevocationStatus.Unknown, $"Revocation of '{certificate.Subject}' (serial {certificate.SerialNumber}) is unknown: {reasons}.", certificate, null);
    }

    // Returns why crl cannot be used for certificates of issuer, or null when it can (staleness aside).
    private static string? Reject(CertificateRevocationList crl, X509Certificate2 issuer, DateTimeOffset checkTime)
    {
        string described = $"the CRL of '{crl.Issuer.Name}' issued {crl.ThisUpdate.UtcDateTime:u}";
        if (!IssuerNames.AreEqual(crl.Issuer, issuer.SubjectName))
        {
            return $"{described} names another issuer than '{issuer.Subject}'";
        }

        if (crl.IsDelta)
        {
            return $"{described} is a delta CRL, which is not supported; give the full CRL";
        }

        if (crl.UnknownCriticalExtension is { } oid)
        {
            return $"{described} has the critical extension {oid}, which is not supported, so it cannot decide revocation";
        }

        if (crl.VerifySignature(issuer) is { } failure)
        {
            return $"{described} was rejected: {failure}";
        }

        return crl.ThisUpdate > checkTime
            ? $"{described} is dated after the check time {checkTime.UtcDateTime:u}"
            : null;
    }
}
