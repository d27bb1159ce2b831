using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Verifies one file: runs the checks in order (format, integrity, algorithms, trust, time,
/// revocation) and reports the first failure as the status, while still recording integrity when a
/// later check fails.
/// </summary>
internal sealed class VerificationRun
{
    private readonly string _path;
    private readonly ArtifactFormat _format;
    private readonly VerificationOptions _options;
    private readonly ChainValidator _chainValidator;
    private readonly SignerKeyFactsCache _keyFacts;
    private readonly List<CheckOutcome> _checks = new();

    public VerificationRun(string path, ArtifactFormat format, VerificationOptions options, ChainValidator chainValidator, SignerKeyFactsCache keyFacts)
    {
        _keyFacts = keyFacts;
        _path = path;
        _format = format;
        _options = options;
        _chainValidator = chainValidator;
    }

    public VerificationResult Execute(ReadOnlyMemory<byte> file)
    {
        ParsedArtifact parsed;
        DecodedSignature signature;
        try
        {
            parsed = _format.Parse(file, _options.Format);
            if (parsed.Signature is null)
            {
                _checks.Add(new CheckOutcome(CheckNames.Format, false, "No signature block."));
                return Result(SignatureStatus.NotSigned, $"'{FileName}' is not signed.");
            }

            signature = DecodedSignature.Decode(parsed.Signature);
        }
        catch (MalformedSignatureException ex)
        {
            _checks.Add(new CheckOutcome(CheckNames.Format, false, ex.Message));
            return Result(SignatureStatus.Malformed, $"The signature of '{FileName}' is malformed: {ex.Message}");
        }

        _checks.Add(new CheckOutcome(CheckNames.Format, true, $"{_format.Name} with an Authenticode signature."));
        try
        {
            return VerifySignature(parsed, signature);
        }
        catch (CryptographicException ex)
        {
            // Parts of a SignedCms decode lazily; damage found this late is still a malformed signature.
            _checks.Add(new CheckOutcome(CheckNames.Format, false, ex.Message));
            return Result(SignatureStatus.Malformed, $"The signature of '{FileName}' is malformed: {ex.Message}");
        }
    }

    private string FileName => Path.GetFileName(_path);

    private VerificationResult VerifySignature(ParsedArtifact parsed, DecodedSignature signature)
    {
        HashAlgorithmName? hashAlgorithm = AuthenticodeOids.TryGetHashAlgorithm(signature.IndirectData.DigestAlgorithmOid);
        if (hashAlgorithm is null)
        {
            _checks.Add(new CheckOutcome(CheckNames.Integrity, false, "Unknown digest algorithm."));
            return Result(SignatureStatus.Malformed,
                $"The signature of '{FileName}' uses the digest algorithm {signature.IndirectData.DigestAlgorithmOid}, which is not supported.",
                signature);
        }

        string? subjectMismatch = CheckSubjectType(signature, hashAlgorithm.Value);
        if (subjectMismatch is not null)
        {
            _checks.Add(new CheckOutcome(CheckNames.Format, false, subjectMismatch));
            return Result(SignatureStatus.Malformed, $"The signature of '{FileName}' was made for another kind of file: {subjectMismatch}", signature);
        }

        SignerKeyFacts keyFacts = _keyFacts.Get(signature.SignerCertificate);
        string? integrityFailure = CheckIntegrity(parsed, signature, hashAlgorithm.Value, keyFacts);
        bool integrityValid = integrityFailure is null;
        _checks.Add(new CheckOutcome(CheckNames.Integrity, integrityValid, integrityFailure ?? "The content digest and the signature value verify."));

        DateTimeOffset verificationTime = _options.VerificationTime ?? DateTimeOffset.UtcNow;
        ChainResult chain = _chainValidator.Validate(signature.SignerCertificate, signature.Certificates, verificationTime.UtcDateTime);
        SignatureFacts facts = new(signature, hashAlgorithm.Value, integrityValid, chain);

        if (!integrityValid)
        {
            return Result(SignatureStatus.HashMismatch, $"'{FileName}' was changed after signing: {integrityFailure}", facts);
        }

        string? weakness = AlgorithmPolicy.FindWeakness(hashAlgorithm.Value, signature, keyFacts);
        _checks.Add(new CheckOutcome(CheckNames.Algorithms, weakness is null, weakness ?? $"{hashAlgorithm.Value.Name} digest and {keyFacts.Description} key."));
        if (weakness is not null)
        {
            return Result(SignatureStatus.WeakAlgorithm, weakness, facts);
        }

        return CheckTrustTimeAndRevocation(facts, chain);
    }

    private VerificationResult CheckTrustTimeAndRevocation(SignatureFacts facts, ChainResult chain)
    {
        X509Certificate2 signer = facts.Signature.SignerCertificate;
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

    private string? CheckIntegrity(ParsedArtifact parsed, DecodedSignature signature, HashAlgorithmName hashAlgorithm, SignerKeyFacts keyFacts)
    {
        byte[] digest = _format.ComputeDigest(parsed.Content, hashAlgorithm, _options.Format);
        if (!CryptographicOperations.FixedTimeEquals(digest, signature.IndirectData.Digest))
        {
            return $"the content's {hashAlgorithm.Name} digest is {Convert.ToHexString(digest)} but the signed digest is {Convert.ToHexString(signature.IndirectData.Digest)}.";
        }

        return CheckSignatureValue(signature, keyFacts);
    }

    private static string? CheckSignatureValue(DecodedSignature signature, SignerKeyFacts keyFacts)
    {
        if (keyFacts.PublicKey is not null)
        {
            string? failure = SignerInfoCheck.Verify(signature.Encoded, signature.Cms.ContentInfo.Content, keyFacts.PublicKey, out bool supported);
            if (supported)
            {
                return failure;
            }
        }

        try
        {
            signature.Signer.CheckSignature(verifySignatureOnly: true);
            return null;
        }
        catch (CryptographicException ex)
        {
            return $"the signature value does not verify with the signer's public key ({ex.Message}).";
        }
    }

    // The indirect data must describe this format, so that a PE signature pasted into a script fails.
    private string? CheckSubjectType(DecodedSignature signature, HashAlgorithmName hashAlgorithm)
    {
        byte[] sample = _format.CreateIndirectData(new byte[AuthenticodeOids.GetDigestLength(hashAlgorithm)], hashAlgorithm);
        string expectedType = SpcIndirectDataContent.Decode(sample).DataTypeOid;
        return signature.IndirectData.DataTypeOid == expectedType
            ? null
            : $"the signed data has type {signature.IndirectData.DataTypeOid}, not {expectedType} for {_format.Name}.";
    }

    private static X509Certificate2 TopOf(ChainResult chain) => chain.Chain[^1];

    private VerificationResult Result(SignatureStatus status, string message, DecodedSignature? signature = null)
        => Result(status, message, signature is null ? null : new SignatureFacts(signature, null, null, null));

    private VerificationResult Result(SignatureStatus status, string message, SignatureFacts? facts)
    {
        X509Certificate2? signer = facts?.Signature.SignerCertificate;
        IReadOnlyList<X509Certificate2> chain = facts?.Chain?.Chain ?? (signer is null ? Array.Empty<X509Certificate2>() : [signer]);
        return new VerificationResult
        {
            Path = _path,
            Format = _format.Name,
            Status = status,
            StatusMessage = message,
            IsIntegrityValid = facts?.IsIntegrityValid,
            SignerCertificate = signer,
            Chain = chain,
            HashAlgorithm = facts?.HashAlgorithm?.Name,
            ValidationLevel = signer is null ? ValidationLevel.Unknown : ValidationLevelClassifier.FromCertificate(signer, chain),
            Timestamp = facts?.Signature.FindTimestamp(),
            RevocationMode = _options.RevocationMode,
            IsRevocationChecked = false,
            Checks = _checks.ToArray(),
        };
    }

    private sealed record SignatureFacts(DecodedSignature Signature, HashAlgorithmName? HashAlgorithm, bool? IsIntegrityValid, ChainResult? Chain);
}
