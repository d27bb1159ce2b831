using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Collects the check outcomes of one signature and runs the checks that every signature kind
/// shares once integrity is known: timestamp, algorithms, trust, time and revocation. The
/// format-specific code decodes the signature and checks integrity, then hands over to
/// <see cref="Judge"/>.
/// </summary>
internal sealed class SignatureAssessment
{
    private readonly string _path;
    private readonly string _formatName;
    private readonly VerificationOptions _options;
    private readonly ChainValidator _chainValidator;
    private readonly TimestampVerifier _timestampVerifier;
    private readonly List<CheckOutcome> _checks = new();

    public SignatureAssessment(string path, string formatName, VerificationOptions options, ChainValidator chainValidator, TimestampVerifier timestampVerifier)
    {
        _path = path;
        _formatName = formatName;
        _options = options;
        _chainValidator = chainValidator;
        _timestampVerifier = timestampVerifier;
    }

    private string FileName => Path.GetFileName(_path);

    public void Add(CheckOutcome outcome) => _checks.Add(outcome);

    /// <summary>
    /// Records integrity, verifies the timestamp, then runs algorithms, trust, time and revocation,
    /// and returns the result with the first failure as its status. A verified timestamp's time is
    /// the verification time of the signer's chain; an unverified one is reported and ignored.
    /// </summary>
    /// <param name="integrityFailure">Why the content or the signature value does not verify; null when both do.</param>
    public VerificationResult Judge(SignerEvidence evidence, HashAlgorithmName contentDigest, string? integrityFailure, SignerKeyFacts keyFacts)
    {
        bool integrityValid = integrityFailure is null;
        _checks.Add(new CheckOutcome(CheckNames.Integrity, integrityValid, integrityFailure ?? "The content digest and the signature value verify."));

        DateTimeOffset now = _options.VerificationTime ?? DateTimeOffset.UtcNow;
        IReadOnlyList<TimestampInfo> timestamps = _timestampVerifier.VerifyAll(evidence.Signer, evidence.Certificates, now);
        TimestampInfo? timestamp = TimestampVerifier.SelectVerificationTimestamp(timestamps);
        _checks.Add(TimestampOutcome(timestamp, timestamps.Count));

        DateTimeOffset verificationTime = timestamp is { IsVerified: true, Time: { } stamped } ? stamped : now;
        ChainResult chain = _chainValidator.Validate(evidence.SignerCertificate, evidence.Certificates, verificationTime.UtcDateTime);
        Facts facts = new(evidence, contentDigest, integrityValid, chain, timestamps, timestamp, verificationTime);

        if (!integrityValid)
        {
            return Result(SignatureStatus.HashMismatch, $"'{FileName}' was changed after signing: {integrityFailure}", facts);
        }

        string? weakness = AlgorithmPolicy.FindWeakness(contentDigest, evidence.Signer, keyFacts, _options.AlgorithmFloors);
        _checks.Add(new CheckOutcome(CheckNames.Algorithms, weakness is null, weakness ?? $"{contentDigest.Name} digest and {keyFacts.Description} key."));
        if (weakness is not null)
        {
            return Result(SignatureStatus.WeakAlgorithm, weakness, facts);
        }

        return CheckTrustTimeAndRevocation(facts, chain);
    }

    /// <summary>Returns a result that stops at <paramref name="status"/>, with what is known of the signer.</summary>
    public VerificationResult Result(SignatureStatus status, string message, SignerEvidence? evidence = null)
        => Result(status, message, evidence is null ? null : new Facts(evidence, null, null, null, [], null, null));

    private VerificationResult CheckTrustTimeAndRevocation(Facts facts, ChainResult chain)
    {
        X509Certificate2 signer = facts.Evidence.SignerCertificate;
        _checks.Add(new CheckOutcome(CheckNames.Trust, chain.IsTrusted, chain.IsTrusted ? $"Chains to '{TopOf(chain).Subject}'." : chain.FailureMessage ?? "Not trusted."));
        if (!chain.IsTrusted)
        {
            return Result(SignatureStatus.NotTrusted, $"The signer '{signer.Subject}' of '{FileName}' is not trusted: {chain.FailureMessage}", facts);
        }

        _checks.Add(TimeOutcome(facts, chain));
        if (!chain.IsTimeValid)
        {
            X509Certificate2 expired = chain.ExpiredCertificate ?? signer;
            return Result(SignatureStatus.Expired,
                $"The certificate '{expired.Subject}' in the chain of '{FileName}' is valid from {expired.NotBefore.ToUniversalTime():u} to {expired.NotAfter.ToUniversalTime():u}, " +
                DescribeVerificationTime(facts),
                facts);
        }

        if (_options.RevocationMode == RevocationMode.Online && _options.OnlineRevocation is { } online)
        {
            return CheckRevocation(facts, chain, online.Check);
        }

        if (CreateRevocationChecker() is { } checker)
        {
            return CheckRevocation(facts, chain, checker.Check);
        }

        if (_options.RevocationMode != RevocationMode.NoCheck)
        {
            string unavailable = $"RevocationMode {_options.RevocationMode} is not available in this version.";
            _checks.Add(new CheckOutcome(CheckNames.Revocation, false, unavailable));
            return Result(SignatureStatus.RevocationUnknown, $"Revocation of '{signer.Subject}' could not be checked: {unavailable}", facts);
        }

        _checks.Add(new CheckOutcome(CheckNames.Revocation, null, "Revocation was not checked (RevocationMode NoCheck)."));
        // A reader of the status message alone must learn that a timestamp it carries did not count.
        string ignored = facts.Timestamp is { IsVerified: false } timestamp ? $" The timestamp on the signature was not verified and did not count: {timestamp.Message}" : "";
        return Result(SignatureStatus.Valid, $"Signed by '{signer.Subject}', chained to '{TopOf(chain).Subject}'; revocation not checked.{ignored}", facts);
    }

    // The signer's chain only: the TSA chains of timestamps are not checked for revocation.
    private RevocationChecker? CreateRevocationChecker() => _options.RevocationMode switch
    {
        RevocationMode.Offline => new RevocationChecker(new CrlCollection(_options.Crls)),
        _ => null,
    };

    private VerificationResult CheckRevocation(Facts facts, ChainResult chain, Func<IReadOnlyList<X509Certificate2>, DateTimeOffset, DateTimeOffset?, CancellationToken, RevocationOutcome> check)
    {
        X509Certificate2 signer = facts.Evidence.SignerCertificate;
        DateTimeOffset now = _options.VerificationTime ?? DateTimeOffset.UtcNow;
        DateTimeOffset? stamped = facts.Timestamp is { IsVerified: true, Time: { } time } ? time : null;
        RevocationOutcome outcome = check(chain.Chain, now, stamped, CancellationToken.None);

        _checks.Add(new CheckOutcome(CheckNames.Revocation, outcome.Status == RevocationStatus.Good, outcome.Message));
        return outcome.Status switch
        {
            RevocationStatus.Revoked => Result(SignatureStatus.Revoked, $"'{FileName}': {outcome.Message}", facts, revocationChecked: true),
            RevocationStatus.Unknown => Result(SignatureStatus.RevocationUnknown, $"'{FileName}': {outcome.Message}", facts, revocationChecked: true),
            _ => Result(SignatureStatus.Valid, $"Signed by '{signer.Subject}', chained to '{TopOf(chain).Subject}'; not revoked.", facts, revocationChecked: true),
        };
    }

    private static X509Certificate2 TopOf(ChainResult chain) => chain.Chain[^1];

    private static CheckOutcome TimestampOutcome(TimestampInfo? timestamp, int count)
    {
        string others = count > 1 ? $" The signature has {count} timestamps; Timestamps lists each with its result." : "";
        return timestamp switch
        {
            null => new CheckOutcome(CheckNames.Timestamp, null, "The signature has no timestamp."),
            { IsVerified: true } => new CheckOutcome(CheckNames.Timestamp, true,
                $"{timestamp.Kind} timestamp of {timestamp.Time:u} by '{timestamp.Certificate?.Subject}', chained to '{timestamp.Chain[^1].Subject}'.{others}"),
            _ => new CheckOutcome(CheckNames.Timestamp, false, (timestamp.Message ?? "The timestamp was not verified.") + others),
        };
    }

    private static CheckOutcome TimeOutcome(Facts facts, ChainResult chain)
    {
        if (!chain.IsTimeValid)
        {
            string ignored = facts.Timestamp is { IsVerified: false } timestamp ? $" The timestamp was not used: {timestamp.Message}" : "";
            return new CheckOutcome(CheckNames.Time, false, (chain.FailureMessage ?? "Outside the validity period.") + ignored);
        }

        string message = facts.Timestamp switch
        {
            { IsVerified: true } => $"Every certificate was valid at the time of the verified timestamp, {facts.VerificationTime:u}.",
            { } timestamp => $"Every certificate was valid at the verification time, {facts.VerificationTime:u}. The timestamp was not used: {timestamp.Message}",
            null => $"Every certificate was valid at the verification time, {facts.VerificationTime:u}.",
        };
        return new CheckOutcome(CheckNames.Time, true, message);
    }

    // Completes the Expired message: which time the chain was judged at, and why not a timestamp's.
    private static string DescribeVerificationTime(Facts facts) => facts.Timestamp switch
    {
        { IsVerified: true } => $"which does not include {facts.VerificationTime:u}, the time of its verified timestamp.",
        { } timestamp => $"outside the verification time {facts.VerificationTime:u}, and the timestamp on the signature did not count: {timestamp.Message}",
        null => $"outside the verification time {facts.VerificationTime:u}, and the signature has no timestamp.",
    };

    private VerificationResult Result(SignatureStatus status, string message, Facts? facts, bool revocationChecked = false)
    {
        X509Certificate2? signer = facts?.Evidence.SignerCertificate;
        IReadOnlyList<X509Certificate2> chain = facts?.Chain?.Chain ?? (signer is null ? Array.Empty<X509Certificate2>() : [signer]);
        return new VerificationResult
        {
            Path = _path,
            Format = _formatName,
            Status = status,
            StatusMessage = message,
            IsIntegrityValid = facts?.IsIntegrityValid,
            SignerCertificate = signer,
            Chain = chain,
            HashAlgorithm = facts?.ContentDigest?.Name,
            ValidationLevel = signer is null ? ValidationLevel.Unknown : ValidationLevelClassifier.FromCertificate(signer, chain),
            Timestamp = facts?.Timestamp,
            Timestamps = facts?.Timestamps ?? Array.Empty<TimestampInfo>(),
            RevocationMode = _options.RevocationMode,
            IsRevocationChecked = revocationChecked,
            Checks = _checks.ToArray(),
        };
    }

    private sealed record Facts(
        SignerEvidence Evidence,
        HashAlgorithmName? ContentDigest,
        bool? IsIntegrityValid,
        ChainResult? Chain,
        IReadOnlyList<TimestampInfo> Timestamps,
        TimestampInfo? Timestamp,
        DateTimeOffset? VerificationTime);
}
