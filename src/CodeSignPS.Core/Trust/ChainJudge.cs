using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>Turns a built chain into a <see cref="ChainResult"/>: anchor, chain errors, EKU rules and validity periods.</summary>
internal static class ChainJudge
{
    /// <summary>Errors that only concern validity periods; <see cref="ChainResult.IsTimeValid"/> reports those apart from trust.</summary>
    private const X509ChainStatusFlags TimeFlags = X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested;

    /// <summary>Errors that mean the chain does not reach an anchor; the message names the missing root instead.</summary>
    private const X509ChainStatusFlags AnchorFlags = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;

    /// <param name="chain">The built chain, leaf first.</param>
    /// <param name="elementStatus">Status of each chain element, same order as <paramref name="chain"/>.</param>
    /// <param name="chainStatus">Status of the chain as a whole.</param>
    /// <param name="anchors">The anchors the chain was built against.</param>
    /// <param name="verificationTime">The UTC time the chain was checked at.</param>
    /// <param name="purpose">The extended key usage the leaf must have.</param>
    internal static ChainResult Judge(
        IReadOnlyList<X509Certificate2> chain,
        IReadOnlyList<X509ChainStatus[]> elementStatus,
        X509ChainStatus[] chainStatus,
        TrustAnchorSet anchors,
        DateTime verificationTime,
        ChainPurpose purpose = ChainPurpose.CodeSigning)
    {
        string? anchorStore = anchors.FindStore(chain[^1]);
        bool reachesAnchor = anchorStore is not null && !chainStatus.Any(status => (status.Status & X509ChainStatusFlags.PartialChain) != 0);

        string? trustFailure = reachesAnchor
            ? FindChainError(chain, elementStatus, chainStatus) ?? ExtendedKeyUsageRules.FindViolation(chain, purpose)
            : DescribeMissingAnchor(chain, anchors, purpose);

        X509Certificate2? expired = chain.FirstOrDefault(certificate => !IsWithinValidity(certificate, verificationTime));
        string? timeFailure = expired is null ? null : DescribeExpired(expired, verificationTime);

        string? failure = (trustFailure, timeFailure) switch
        {
            (null, null) => null,
            (not null, null) => trustFailure,
            (null, not null) => timeFailure,
            _ => trustFailure + " " + timeFailure,
        };

        return new ChainResult
        {
            Chain = chain,
            IsTrusted = trustFailure is null,
            IsTimeValid = expired is null,
            FailureMessage = failure,
            ExpiredCertificate = expired,
            TrustAnchorStore = reachesAnchor ? anchorStore : null,
        };
    }

    private static string? FindChainError(
        IReadOnlyList<X509Certificate2> chain,
        IReadOnlyList<X509ChainStatus[]> elementStatus,
        X509ChainStatus[] chainStatus)
    {
        for (int i = 0; i < chain.Count; i++)
        {
            string? error = DescribeErrors(elementStatus[i]);
            if (error is not null)
            {
                return $"Certificate '{chain[i].Subject}' failed chain validation: {error}.";
            }
        }

        string? chainError = DescribeErrors(chainStatus);
        return chainError is null ? null : $"The chain of '{chain[0].Subject}' failed validation: {chainError}.";
    }

    private static string? DescribeErrors(X509ChainStatus[] statuses)
    {
        string[] errors = statuses
            .Where(status => (status.Status & ~TimeFlags & ~AnchorFlags) != X509ChainStatusFlags.NoError)
            .Select(status => $"{status.Status} ({status.StatusInformation.Trim()})")
            .ToArray();

        return errors.Length == 0 ? null : string.Join("; ", errors);
    }

    private static string DescribeMissingAnchor(IReadOnlyList<X509Certificate2> chain, TrustAnchorSet anchors, ChainPurpose purpose)
    {
        string option = purpose == ChainPurpose.TimeStamping ? "-TimestampTrustStore" : "-TrustStore";
        X509Certificate2 top = chain[^1];
        string leaf = chain[0].Subject;
        if (TrustAnchorSet.IsSelfIssued(top))
        {
            return $"The chain of '{leaf}' ends at the root '{top.Subject}', which is not in the trust stores searched: {anchors.SearchedStores}. " +
                $"If you trust that root, add its certificate with {option}.";
        }

        string leafRole = purpose == ChainPurpose.TimeStamping ? "The timestamping authority's certificate" : "The signer certificate";
        string where = chain.Count == 1
            ? $"{leafRole} '{leaf}' was issued by '{top.Issuer}', which is"
            : $"The chain of '{leaf}' ends at '{top.Subject}', whose issuer '{top.Issuer}' is";
        return $"{where} in neither the signature's certificates nor the trust stores searched: {anchors.SearchedStores}. " +
            $"If you trust that CA, add its root certificate with {option}.";
    }

    // RFC 5280, 4.1.2.5: the validity period runs from notBefore through notAfter, both inclusive.
    internal static bool IsWithinValidity(X509Certificate2 certificate, DateTime utcTime)
        => utcTime >= certificate.NotBefore.ToUniversalTime() && utcTime <= certificate.NotAfter.ToUniversalTime();

    private static string DescribeExpired(X509Certificate2 certificate, DateTime utcTime)
    {
        string when = utcTime < certificate.NotBefore.ToUniversalTime() ? "was not yet valid" : "had expired";
        return $"Certificate '{certificate.Subject}' {when} at {Format(utcTime)}: its validity period runs from " +
            $"{Format(certificate.NotBefore)} to {Format(certificate.NotAfter)}.";
    }

    private static string Format(DateTime time)
        => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
