using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Verification;

/// <summary>What verifying one file found. Every file gets one, whatever went wrong.</summary>
public sealed class VerificationResult
{
    public required string Path { get; init; }

    /// <summary>Format name, or null when no format handles the file.</summary>
    public string? Format { get; init; }

    public SignatureStatus Status { get; init; }

    /// <summary>Names the check that failed and on which certificate; for Valid, a short summary.</summary>
    public required string StatusMessage { get; init; }

    /// <summary>Whether the content digest matches the signed one; null when there is no signature to compare.</summary>
    public bool? IsIntegrityValid { get; init; }

    public X509Certificate2? SignerCertificate { get; init; }

    /// <summary>The signer's chain, leaf first, as far as it could be built.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; init; } = Array.Empty<X509Certificate2>();

    /// <summary>Digest algorithm of the signature, for example SHA256.</summary>
    public string? HashAlgorithm { get; init; }

    public ValidationLevel ValidationLevel { get; init; }

    /// <summary>
    /// The timestamp that gives the verification time: the earliest verified one. When none of the
    /// signature's timestamps verified, the first one found, whose message explains why; null when the
    /// signature has none.
    /// </summary>
    public TimestampInfo? Timestamp { get; init; }

    /// <summary>
    /// Every timestamp the signature carries, verified or not, in the order they were found: RFC 3161
    /// tokens first, then PKCS#9 countersignatures. Empty when the signature has none.
    /// </summary>
    public IReadOnlyList<TimestampInfo> Timestamps { get; init; } = Array.Empty<TimestampInfo>();

    public RevocationMode RevocationMode { get; init; }

    /// <summary>Whether revocation was checked; false when the mode is NoCheck.</summary>
    public bool IsRevocationChecked { get; init; }

    /// <summary>The outcome of each check that ran, in order.</summary>
    public IReadOnlyList<CheckOutcome> Checks { get; init; } = Array.Empty<CheckOutcome>();

    /// <summary>
    /// Location of the signature this result describes: the file itself for an embedded signature,
    /// or the .p7s file for a detached one. Null when the file is not signed. When a file has both,
    /// this is the signature whose result decided <see cref="Status"/>.
    /// </summary>
    public string? SignaturePath { get; init; }

    /// <summary>
    /// The result of each signature the file has, embedded first, then detached. <see cref="Status"/>
    /// is Valid only when every one of them is. Empty when the file is not signed.
    /// </summary>
    public IReadOnlyList<VerificationResult> Signatures { get; init; } = Array.Empty<VerificationResult>();

    /// <summary>
    /// Returns the status and the file, and the .p7s when the signature is detached, such as
    /// "Valid: /release/app.zip (/release/app.zip.p7s)". Format-List shows the nested
    /// <see cref="Signatures"/> this way.
    /// </summary>
    public override string ToString()
        => SignaturePath is null || SignaturePath == Path ? $"{Status}: {Path}" : $"{Status}: {Path} ({SignaturePath})";

    /// <summary>Copies this result with the parts that combining embedded and detached signatures sets.</summary>
    internal VerificationResult With(string? format, string statusMessage, bool? isIntegrityValid, string? signaturePath, IReadOnlyList<VerificationResult> signatures) => new()
    {
        Path = Path,
        Format = format,
        Status = Status,
        StatusMessage = statusMessage,
        IsIntegrityValid = isIntegrityValid,
        SignerCertificate = SignerCertificate,
        Chain = Chain,
        HashAlgorithm = HashAlgorithm,
        ValidationLevel = ValidationLevel,
        Timestamp = Timestamp,
        Timestamps = Timestamps,
        RevocationMode = RevocationMode,
        IsRevocationChecked = IsRevocationChecked,
        Checks = Checks,
        SignaturePath = signaturePath,
        Signatures = signatures,
    };
}
