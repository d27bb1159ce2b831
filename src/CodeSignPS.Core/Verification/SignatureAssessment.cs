using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Collects the check outcomes of one signature and runs the checks that every signature kind
/// shares once integrity is known: algorithms, trust, time and revocation. The format-specific
/// code decodes the signature and checks integrity, then hands over to <see cref="Judge"/>.
/// </summary>
internal sealed class SignatureAssessment
{
    private readonly string _path;
    private readonly string _formatName;
    private readonly VerificationOptions _options;
    private readonly ChainValidator _chainValidator;
    private readonly List<CheckOutcome> _checks = new();

    public SignatureAssessment(string path, string formatName, VerificationOptions options, ChainValidator chainValidator)
    {
        _path = path;
        _formatName = formatName;
        _options = options;
        _chainValidator = chainValidator;
    }

    private string FileName => Path.GetFileName(_path);

    public void Add(CheckOutcome outcome) => _checks.Add(outcome);

    /// <summary>
    /// Records integrity, then runs algorithms, trust, time and revocation, and returns the result
    /// with the first failure as its status.
    /// </summary>
    /// <param name="integrityFailure">Why the content or the signature value does not verify; null when both do.</param>
    public VerificationResult Judge(SignerEvidence evidence, HashAlgorithmName contentDigest, string? integrityFailure, SignerKeyFacts keyFacts)
    {
        bool integrityValid = integrityFailure is null;
        _checks.Add(new CheckOutcome(CheckNames.Integrity, integrityValid, integrityFailure ?? "The content digest and the signature value verify."));

        DateTimeOffset verificationTime = _options.VerificationTime ?? DateTimeOffset.UtcNow;
        ChainResult chain = _chainValidator.Validate(evidence.SignerCertificate, evidence.Certificates, verificationTime.UtcDateTime);
        Facts facts = new(evidence, contentDigest, integrityValid, chain);

        if (!integrityValid)
        {
            return Result(SignatureStatus.HashMismatch, $"'{FileName}' was changed after signing: {integrityFailure}", facts);
        }

        string? weakness = AlgorithmPolicy.FindWeakness(contentDigest, evidence.Signer, keyFacts);
        _checks.Add(new CheckOutcome(CheckNames.Algorithms, weakness is null, weakness ?? $"{contentDigest.Name} digest and {keyFacts.Description} key."));
        if (weakness is not null)
        {
            return Result(SignatureStatus.WeakAlgorithm, weakness, facts);
        }

        return CheckTrustTimeAndRevocation(facts, chain);
    }

    /// <summary>Returns a result that stops at <paramref name="status"/>, with what is known of the signer.</summary>
    public VerificationResult Result(SignatureStatus status, string message, SignerEvidence? evidence = null)
        => Result(status, message, evidence is null ? null : new Facts(evidence, null, null, null));

    private VerificationResult CheckTrustTimeAndRevocation(Facts facts, ChainResult chain)
    {
        X509Certificate2 signer = facts.Evidence.SignerCertificate;
        _checks.Add(new CheckOutcome(CheckNames.Trust, chain.IsTrusted, chain.IsTrusted ? $"Chains to '{TopOf(chain).Subject}'." : chain.FailureMessage ?? "Not trusted."));
        if (!chain.IsTrusted)
        {
            return Result(SignatureStatus.NotTrusted, $"The signer '{signer.Subject}' of '{FileName}' is not trusted: {chain.FailureMessage}", facts);
        }

        _checks.Add(new CheckOutcome(CheckNames.Time, chain.IsTimeValid, chain.IsTimeValid ? "Every certificate was valid at the verification time." : chain.FailureMessage ?? "Outside the validity period."));
        if (!chain.IsTimeValid)
        {
            X509Certificate2 expired = chain.ExpiredCertificate ?? signer;
            return Result(SignatureStatus.Expired,
                $"The certificate '{expired.Subject}' in the chain of '{FileName}' is valid from {expired.NotBefore:u} to {expired.NotAfter:u}, outside the verification time, and no verified timestamp covers the signature.",
                facts);
        }

        if (_options.RevocationMode != RevocationMode.NoCheck)
        {
            _checks.Add(new CheckOutcome(CheckNames.Revocation, false, "Revocation checking is not available in this version."));
            return Result(SignatureStatus.RevocationUnknown, $"Revocation of '{signer.Subject}' could not be checked: revocation checking is not available in this version.", facts);
        }

        _checks.Add(new CheckOutcome(CheckNames.Revocation, null, "Revocation was not checked (RevocationMode NoCheck)."));
        return Result(SignatureStatus.Valid, $"Signed by '{signer.Subject}', chained to '{TopOf(chain).Subject}'; revocation not checked.", facts);
    }

    private static X509Certificate2 TopOf(ChainResult chain) => chain.Chain[^1];

    private VerificationResult Result(SignatureStatus status, string message, Facts? facts)
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
            Timestamp = facts is null ? null : TimestampReader.Read(facts.Evidence.Signer),
            RevocationMode = _options.RevocationMode,
            IsRevocationChecked = false,
            Checks = _checks.ToArray(),
        };
    }

    private sealed record Facts(SignerEvidence Evidence, HashAlgorithmName? ContentDigest, bool? IsIntegrityValid, ChainResult? Chain);
}
