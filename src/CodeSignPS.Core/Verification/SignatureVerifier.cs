using System.Security.Cryptography;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Verification;

/// <summary>Reads and verifies signatures; one result per file, never an exception for a bad file.</summary>
public sealed class SignatureVerifier
{
    private readonly ChainValidator _chainValidator;
    private readonly TimestampVerifier _timestampVerifier;
    private readonly SignerKeyFactsCache _keyFacts = new();
    private readonly DecodedCertificateCache _certificates = new();

    public SignatureVerifier(VerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _chainValidator = new ChainValidator(options.TrustStores, options.UseSystemTrust);
        _timestampVerifier = new TimestampVerifier(options.TimestampTrustStores, options.UseSystemTrust);
    }

    public VerificationOptions Options { get; }

    /// <summary>
    /// Reads and verifies <paramref name="path"/>: its embedded signature, when its format has one,
    /// and its detached signature <c>path.p7s</c>, when that file exists. A file that cannot be read
    /// gets a Malformed result.
    /// </summary>
    public VerificationResult Verify(string path) => Verify(path, signaturePath: null);

    /// <summary>
    /// Verifies the embedded signature of <paramref name="path"/>, when its format has one, and its
    /// detached signature at <paramref name="signaturePath"/>, or at <c>path.p7s</c> when that is
    /// null and the file exists. The one result is Valid only when every signature present is.
    /// </summary>
    public VerificationResult Verify(string path, string? signaturePath, CancellationToken cancellationToken = default)
    {
        ArtifactFormat? format = ArtifactFormatFactory.TryGetFormat(path);
        if (File.Exists(path) && !FileStatus.IsRegularFile(path))
        {
            // Reading a named pipe would block until a writer comes, and a device may never end.
            return new VerificationResult
            {
                Path = path,
                Format = format?.Name,
                Status = SignatureStatus.UnsupportedFormat,
                StatusMessage = $"'{path}' is not a regular file (a named pipe, a device or a socket), so it was not read.",
                Checks = [new CheckOutcome(CheckNames.Format, false, "Not a regular file.")],
            };
        }

        string detachedPath = signaturePath ?? DetachedSignatureFiles.SignaturePathFor(path);
        bool hasDetached = signaturePath is not null || File.Exists(detachedPath);
        if (format is null && !hasDetached && !File.Exists(path))
        {
            return Unreadable(path, null, $"Could not find file '{path}'.");
        }

        VerificationResult? embedded = format is null ? null : VerifyEmbedded(path, format);
        VerificationResult? detached = hasDetached
            ? new DetachedVerificationRun(path, detachedPath, Options, _chainValidator, _timestampVerifier, _keyFacts)
                .Execute(hashAlgorithm => StreamedDigest.ComputeFile(path, hashAlgorithm, cancellationToken))
            : null;
        return SignatureCombination.Combine(path, format?.Name, embedded, detached, detachedPath);
    }

    /// <summary>
    /// Verifies the detached signature at <paramref name="signaturePath"/> against a digest of the
    /// content that the caller already computed, so that a signer can check what it wrote without
    /// reading the file again.
    /// </summary>
    internal VerificationResult VerifyDetached(string path, string signaturePath, byte[] encoded, HashAlgorithmName hashAlgorithm, byte[] contentDigest)
    {
        VerificationResult result = new DetachedVerificationRun(path, signaturePath, Options, _chainValidator, _timestampVerifier, _keyFacts)
            .Execute(encoded, algorithm => algorithm == hashAlgorithm
                ? contentDigest
                : throw new InvalidOperationException($"The signature just written names {algorithm.Name}, not {hashAlgorithm.Name}."));
        return SignatureCombination.Combine(path, null, null, result, signaturePath);
    }

    private VerificationResult VerifyEmbedded(string path, ArtifactFormat format)
    {
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Unreadable(path, format.Name, ex.Message);
        }

        VerificationRun run = new(path, format, Options, _chainValidator, _timestampVerifier, _keyFacts, _certificates);
        return run.Execute(file);
    }

    private static VerificationResult Unreadable(string path, string? formatName, string reason) => new()
    {
        Path = path,
        Format = formatName,
        Status = SignatureStatus.Malformed,
        StatusMessage = $"The file '{path}' could not be read: {reason}",
        Checks = [new CheckOutcome(CheckNames.Format, false, reason)],
    };

    /// <summary>Verifies the bytes <paramref name="file"/> of the file at <paramref name="path"/>.</summary>
    public VerificationResult Verify(string path, ReadOnlyMemory<byte> file)
    {
        ArtifactFormat? format = ArtifactFormatFactory.TryGetFormat(path);
        if (format is null)
        {
            return Unsupported(path);
        }

        VerificationRun run = new(path, format, Options, _chainValidator, _timestampVerifier, _keyFacts, _certificates);
        VerificationResult embedded = run.Execute(file);

        // Only the bytes were given, so a .p7s beside the file is neither verified nor ruled out.
        return embedded.Status == SignatureStatus.NotSigned
            ? embedded
            : SignatureCombination.Combine(path, format.Name, embedded, null, DetachedSignatureFiles.SignaturePathFor(path));
    }

    /// <summary>Verifies many files with bounded parallelism, yielding results on the calling thread as they complete.</summary>
    public IEnumerable<VerificationResult> VerifyMany(IReadOnlyList<string> paths, int maxDegreeOfParallelism, CancellationToken cancellationToken = default)
    {
        foreach (BatchItem<VerificationResult> item in BatchRunner.Run(paths, path => Verify(path, null, cancellationToken), maxDegreeOfParallelism, cancellationToken))
        {
            yield return item.Outcome ?? Failed(item.Path, item.Error);
        }
    }

    private static VerificationResult Unsupported(string path) => new()
    {
        Path = path,
        Status = SignatureStatus.UnsupportedFormat,
        StatusMessage = $"'{Path.GetFileName(path)}' is not a format that can carry a signature; supported: {string.Join(", ", ArtifactFormatFactory.SupportedExtensions)}.",
        Checks = [new CheckOutcome(CheckNames.Format, false, "No format handles this file.")],
    };

    private static VerificationResult Failed(string path, Exception? error) => new()
    {
        Path = path,
        Status = SignatureStatus.Malformed,
        StatusMessage = $"Verifying '{path}' failed: {error?.Message}",
        Checks = [new CheckOutcome(CheckNames.Format, false, error?.Message ?? "unknown failure")],
    };
}
