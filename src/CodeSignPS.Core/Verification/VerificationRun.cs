using System.Security.Cryptography;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Verifies the embedded Authenticode signature of one file: decodes it and checks integrity, then
/// leaves algorithms, trust, time and revocation to <see cref="SignatureAssessment"/>, which reports
/// the first failure as the status while still recording integrity when a later check fails.
/// </summary>
internal sealed class VerificationRun
{
    private readonly string _path;
    private readonly ArtifactFormat _format;
    private readonly VerificationOptions _options;
    private readonly SignerKeyFactsCache _keyFacts;
    private readonly DecodedCertificateCache _certificates;
    private readonly SignatureAssessment _assessment;

    public VerificationRun(string path, ArtifactFormat format, VerificationOptions options, ChainValidator chainValidator, TimestampVerifier timestampVerifier, SignerKeyFactsCache keyFacts, DecodedCertificateCache certificates)
    {
        _keyFacts = keyFacts;
        _certificates = certificates;
        _path = path;
        _format = format;
        _options = options;
        _assessment = new SignatureAssessment(path, format.Name, options, chainValidator, timestampVerifier);
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
                _assessment.Add(new CheckOutcome(CheckNames.Format, false, "No signature block."));
                return _assessment.Result(SignatureStatus.NotSigned, $"'{FileName}' is not signed.");
            }

            signature = DecodedSignature.Decode(parsed.Signature, _certificates);
        }
        catch (MalformedSignatureException ex)
        {
            _assessment.Add(new CheckOutcome(CheckNames.Format, false, ex.Message));
            return _assessment.Result(SignatureStatus.Malformed, $"The signature of '{FileName}' is malformed: {ex.Message}");
        }

        _assessment.Add(new CheckOutcome(CheckNames.Format, true, $"{_format.Name} with an Authenticode signature."));
        try
        {
            return VerifySignature(parsed, signature);
        }
        catch (CryptographicException ex)
        {
            // Parts of a SignedCms decode lazily; damage found this late is still a malformed signature.
            _assessment.Add(new CheckOutcome(CheckNames.Format, false, ex.Message));
            return _assessment.Result(SignatureStatus.Malformed, $"The signature of '{FileName}' is malformed: {ex.Message}");
        }
    }

    private string FileName => Path.GetFileName(_path);

    private VerificationResult VerifySignature(ParsedArtifact parsed, DecodedSignature signature)
    {
        HashAlgorithmName? hashAlgorithm = AuthenticodeOids.TryGetHashAlgorithm(signature.IndirectData.DigestAlgorithmOid);
        if (hashAlgorithm is null)
        {
            _assessment.Add(new CheckOutcome(CheckNames.Integrity, false, "Unknown digest algorithm."));
            return _assessment.Result(SignatureStatus.Malformed,
                $"The signature of '{FileName}' uses the digest algorithm {signature.IndirectData.DigestAlgorithmOid}, which is not supported.",
                signature.Evidence);
        }

        string? subjectMismatch = CheckSubjectType(signature, hashAlgorithm.Value);
        if (subjectMismatch is not null)
        {
            _assessment.Add(new CheckOutcome(CheckNames.Format, false, subjectMismatch));
            return _assessment.Result(SignatureStatus.Malformed, $"The signature of '{FileName}' was made for another kind of file: {subjectMismatch}", signature.Evidence);
        }

        SignerKeyFacts keyFacts = _keyFacts.Get(signature.SignerCertificate);
        string? integrityFailure = CheckIntegrity(parsed, signature, hashAlgorithm.Value, keyFacts);
        return _assessment.Judge(signature.Evidence, hashAlgorithm.Value, integrityFailure, keyFacts);
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
}
