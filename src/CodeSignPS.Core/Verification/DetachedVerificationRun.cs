using System.Formats.Asn1;
using System.Security.Cryptography;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Verifies one detached signature (.p7s) of one file: decodes it, checks the signed attributes,
/// compares the message digest with the streamed digest of the file's bytes and verifies the
/// signature value. Algorithms, trust, time and revocation are left to <see cref="SignatureAssessment"/>.
/// </summary>
internal sealed class DetachedVerificationRun
{
    /// <summary>Format name of a detached signature in results.</summary>
    public const string FormatName = "Detached";

    private readonly string _contentPath;
    private readonly string _signaturePath;
    private readonly SignerKeyFactsCache _keyFacts;
    private readonly SignatureAssessment _assessment;

    public DetachedVerificationRun(string contentPath, string signaturePath, VerificationOptions options, ChainValidator chainValidator, TimestampVerifier timestampVerifier, SignerKeyFactsCache keyFacts)
    {
        _contentPath = contentPath;
        _signaturePath = signaturePath;
        _keyFacts = keyFacts;
        _assessment = new SignatureAssessment(contentPath, FormatName, options, chainValidator, timestampVerifier);
    }

    private string SignatureName => Path.GetFileName(_signaturePath);

    /// <summary>Reads the .p7s and verifies it against the digest that <paramref name="digestContent"/> returns.</summary>
    /// <param name="digestContent">Returns the digest of the content with the given algorithm; may throw IOException.</param>
    public VerificationResult Execute(Func<HashAlgorithmName, byte[]> digestContent)
    {
        byte[] encoded;
        try
        {
            encoded = ReadSignatureFile();
        }
        catch (MalformedSignatureException ex)
        {
            return Malformed(ex.Message, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Malformed($"'{_signaturePath}' could not be read: {ex.Message}", null);
        }

        return Execute(encoded, digestContent);
    }

    /// <summary>Verifies the .p7s bytes <paramref name="encoded"/> against the digest that <paramref name="digestContent"/> returns.</summary>
    public VerificationResult Execute(byte[] encoded, Func<HashAlgorithmName, byte[]> digestContent)
    {
        if (DescribeNonDer(encoded) is { } notDer)
        {
            return Malformed(notDer, null);
        }

        DetachedSignature signature;
        try
        {
            signature = DetachedSignature.Decode(encoded);
        }
        catch (MalformedSignatureException ex)
        {
            return Malformed(ex.Message, null);
        }

        _assessment.Add(new CheckOutcome(CheckNames.Format, true, $"Detached CMS signature '{SignatureName}'."));
        try
        {
            return Verify(signature, digestContent);
        }
        catch (MalformedSignatureException ex)
        {
            return Malformed(ex.Message, signature.Evidence);
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            return Malformed(ex.Message, signature.Evidence);
        }
    }

    // An empty file and a PEM file are the two mistakes people make most with .p7s files, and the
    // DER decoder would report both as a bad tag, which says nothing about the fix.
    private string? DescribeNonDer(byte[] encoded)
    {
        if (encoded.Length == 0)
        {
            return $"'{SignatureName}' is empty (0 bytes), so it holds no signature. Sign the file again with Set-CodeSignature -Detached.";
        }

        ReadOnlySpan<byte> text = encoded.AsSpan().TrimStart("\uFEFF \t\r\n"u8);
        if (text.StartsWith("-----BEGIN"u8))
        {
            string der = Path.ChangeExtension(SignatureName, ".der");
            return $"'{SignatureName}' is PEM (Base64 text between -----BEGIN lines), but a detached signature is read as binary DER. "
                + $"Convert it with 'openssl cms -cmsout -in {SignatureName} -inform PEM -outform DER -out {der}' and use the result as the .p7s.";
        }

        return null;
    }

    private byte[] ReadSignatureFile()
    {
        if (File.Exists(_signaturePath) && !FileStatus.IsRegularFile(_signaturePath))
        {
            throw new MalformedSignatureException($"'{_signaturePath}' is not a regular file (a named pipe, a device or a socket), so it was not read.");
        }

        using FileStream stream = new(_signaturePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > DetachedSignature.MaximumLength)
        {
            throw new MalformedSignatureException($"'{SignatureName}' has {stream.Length} bytes; a detached signature has at most {DetachedSignature.MaximumLength}.");
        }

        byte[] bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private VerificationResult Verify(DetachedSignature signature, Func<HashAlgorithmName, byte[]> digestContent)
    {
        SignerInfoFields fields = signature.Fields;
        HashAlgorithmName hashAlgorithm = AuthenticodeOids.TryGetHashAlgorithm(fields.DigestAlgorithmOid)
            ?? throw new MalformedSignatureException($"The signer's digest algorithm {fields.DigestAlgorithmOid} is not supported.");
        DetachedSignatureCheck.CheckSignatureAlgorithm(fields, hashAlgorithm);
        byte[]? messageDigest = DetachedSignatureCheck.ReadMessageDigest(fields, hashAlgorithm);

        byte[] contentDigest;
        try
        {
            contentDigest = digestContent(hashAlgorithm);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _assessment.Add(new CheckOutcome(CheckNames.Integrity, false, ex.Message));
            return _assessment.Result(SignatureStatus.Malformed, $"The signed file '{_contentPath}' could not be read: {ex.Message}", signature.Evidence);
        }

        SignerKeyFacts keyFacts = _keyFacts.Get(signature.SignerCertificate);
        string? integrityFailure = CheckIntegrity(fields, hashAlgorithm, contentDigest, messageDigest, keyFacts);
        return _assessment.Judge(signature.Evidence, hashAlgorithm, integrityFailure, keyFacts);
    }

    private static string? CheckIntegrity(SignerInfoFields fields, HashAlgorithmName hashAlgorithm, byte[] contentDigest, byte[]? messageDigest, SignerKeyFacts keyFacts)
    {
        if (messageDigest is not null && !CryptographicOperations.FixedTimeEquals(contentDigest, messageDigest))
        {
            return $"the content's {hashAlgorithm.Name} digest is {Convert.ToHexString(contentDigest)} but the signed message digest is {Convert.ToHexString(messageDigest)}.";
        }

        string? failure = DetachedSignatureCheck.VerifySignature(fields, hashAlgorithm, contentDigest, keyFacts.PublicKey);
        if (failure is not null && messageDigest is null)
        {
            // Without signed attributes the signature covers the content digest itself, so a changed
            // file shows up here rather than as a digest mismatch.
            return "the signature value does not verify over the content's digest: the file changed after signing, or the signature belongs to another file.";
        }

        return failure;
    }

    private VerificationResult Malformed(string message, SignerEvidence? evidence)
    {
        _assessment.Add(new CheckOutcome(CheckNames.Format, false, message));
        return _assessment.Result(SignatureStatus.Malformed, $"The detached signature '{_signaturePath}' is malformed: {message}", evidence);
    }
}
