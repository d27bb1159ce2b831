using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Revocation;

/// <summary>
/// Checks a chain's revocation with the network: for each certificate below the trust anchor, the
/// caller's CRLs first, then the certificate's OCSP responders, then its CRL distribution points.
/// </summary>
/// <remarks>
/// Order: CRLs the caller gave cost no network I/O, so they decide first when they cover the
/// certificate. OCSP comes next because one small signed response is cheaper than a whole CRL. A
/// responder that fails or answers "unknown" falls back to the CRL, so Unknown is reported only when
/// neither gives an answer. Both go through the same reason and timestamp rules as offline CRLs.
/// </remarks>
public sealed class OnlineRevocationChecker
{
    private readonly IReadOnlyList<CertificateRevocationList> _givenCrls;
    private readonly OcspClient _ocsp;
    private readonly OnlineCrlSource _online;
    private readonly CancellationToken _runCancellation;
    private readonly TimeSpan _totalBudget;

    /// <param name="givenCrls">CRLs from files (-CrlPath), consulted before the network; may be empty.</param>
    /// <param name="runCancellation">Cancels every request of the run, for example when the pipeline stops.</param>
    public OnlineRevocationChecker(IReadOnlyList<CertificateRevocationList> givenCrls, OcspClient ocsp, OnlineCrlSource online, CancellationToken runCancellation = default)
    {
        _givenCrls = givenCrls;
        _ocsp = ocsp;
        _online = online;
        _runCancellation = runCancellation;
        _totalBudget = ocsp.Options.TotalBudget;
    }

    /// <summary>Creates a checker with its own HTTP client, which <paramref name="http"/> returns for disposal.</summary>
    public static OnlineRevocationChecker Create(IReadOnlyList<CertificateRevocationList> givenCrls, RevocationFetchOptions options, out RevocationHttp http, CancellationToken runCancellation = default)
    {
        http = new RevocationHttp(options);
        return new OnlineRevocationChecker(givenCrls, new OcspClient(http), new OnlineCrlSource(new CrlDownloader(http)), runCancellation);
    }

    /// <summary>Checks <paramref name="chain"/> (leaf first, trust anchor last); the parameters are those of <see cref="RevocationChecker.Check"/>.</summary>
    public RevocationOutcome Check(IReadOnlyList<X509Certificate2> chain, DateTimeOffset checkTime, DateTimeOffset? timestampTime, CancellationToken cancellationToken = default)
    {
        using CancellationTokenSource budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _runCancellation);
        budget.CancelAfter(_totalBudget);
        RevocationOutcome? unknown = null;
        List<string> notes = new();
        for (int index = 0; index < chain.Count - 1; index++)
        {
            RevocationOutcome outcome;
            try
            {
                outcome = CheckCertificate(chain[index], chain[index + 1], checkTime, timestampTime, notes, budget.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_runCancellation.IsCancellationRequested)
            {
                return new RevocationOutcome(
                    RevocationStatus.Unknown,
                    $"Revocation of '{chain[index].Subject}' (serial {chain[index].SerialNumber}) is unknown: the revocation checks of this chain took longer than {RevocationHttp.Seconds(_totalBudget)} in total.",
                    chain[index],
                    null);
            }

            if (outcome.Status == RevocationStatus.Revoked)
            {
                return outcome;
            }

            unknown ??= outcome.Status == RevocationStatus.Unknown ? outcome : null;
        }

        return unknown ?? new RevocationOutcome(
            RevocationStatus.Good,
            $"No revocation applies: {Math.Max(chain.Count - 1, 0)} certificate(s) checked online at {checkTime.UtcDateTime:u}. {string.Join(" ", notes)}".TrimEnd(),
            null,
            null);
    }

    private RevocationOutcome CheckCertificate(X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset checkTime, DateTimeOffset? timestampTime, List<string> notes, CancellationToken cancellationToken)
    {
        X509Certificate2[] pair = [certificate, issuer];
        RevocationOutcome given = new RevocationChecker(new CrlCollection(_givenCrls)).Check(pair, checkTime, timestampTime, cancellationToken);
        if (given.Status != RevocationStatus.Unknown)
        {
            return given;
        }

        OcspResult ocsp = _ocsp.Check(certificate, issuer, cancellationToken);
        if (ocsp.Status == OcspCertStatus.Good)
        {
            notes.Add(ocsp.Message);
            return new RevocationOutcome(RevocationStatus.Good, ocsp.Message, null, null);
        }

        if (ocsp.Status == OcspCertStatus.Revoked)
        {
            return FromOcspRevocation(certificate, ocsp, timestampTime, notes);
        }

        (IReadOnlyList<CertificateRevocationList> downloaded, IReadOnlyList<string> failures) = _online.Fetch(certificate, cancellationToken);
        RevocationOutcome fromCrl = new RevocationChecker(new CrlCollection([.. _givenCrls, .. downloaded])).Check(pair, checkTime, timestampTime, cancellationToken);
        if (fromCrl.Status != RevocationStatus.Unknown)
        {
            return fromCrl;
        }

        List<string> reasons = [ocsp.Message.TrimEnd('.'), .. failures];
        if (downloaded.Count > 0 || failures.Count == 0)
        {
            reasons.Add(fromCrl.Message.TrimEnd('.'));
        }

        return new RevocationOutcome(
            RevocationStatus.Unknown,
            $"Revocation of '{certificate.Subject}' (serial {certificate.SerialNumber}) is unknown: {string.Join("; ", reasons)}.",
            certificate,
            null);
    }

    private static RevocationOutcome FromOcspRevocation(X509Certificate2 certificate, OcspResult ocsp, DateTimeOffset? timestampTime, List<string> notes)
    {
        X509RevocationReason? reason = ocsp.RevocationReason is int code ? (X509RevocationReason)code : null;
        DateTimeOffset revokedAt = ocsp.RevocationTime!.Value;
        var entry = new RevokedCertificateEntry(certificate.SerialNumber, revokedAt, reason);
        string revoked = $"The certificate '{certificate.Subject}' (serial {certificate.SerialNumber}) was revoked on {revokedAt.UtcDateTime:u}, reason {reason?.ToString() ?? "none given"}, by the OCSP responder at '{ocsp.Responder}'";
        if (RevocationReasons.SparesEarlierTimestamps(reason) && timestampTime is { } stamped && stamped < revokedAt)
        {
            notes.Add($"{revoked}; the signature's verified timestamp {stamped.UtcDateTime:u} is earlier and the reason does not reach back, so the signature stays valid.");
            return new RevocationOutcome(RevocationStatus.Good, "", null, null);
        }

        string why = timestampTime is null ? "the signature has no verified timestamp"
            : RevocationReasons.SparesEarlierTimestamps(reason) ? $"the signature's verified timestamp {timestampTime.Value.UtcDateTime:u} is not earlier"
            : "this reason revokes every signature, timestamped or not";
        return new RevocationOutcome(RevocationStatus.Revoked, $"{revoked}; {why}.", certificate, entry);
    }
}
