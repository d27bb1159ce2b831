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

    public SignatureVerifier(VerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _chainValidator = new ChainValidator(options.TrustStores, options.UseSystemTrust);
        _timestampVerifier = new TimestampVerifier(options.TimestampTrustStores, options.UseSystemTrust);
    }

    public VerificationOptions Options { get; }

    /// <summary>Reads and verifies <paramref name="path"/>; a file that cannot be read gets a Malformed result.</summary>
    public VerificationResult Verify(string path)
    {
        ArtifactFormat? format = ArtifactFormatFactory.TryGetFormat(path);
        if (format is null)
        {
            return Unsupported(path);
        }

        if (File.Exists(path) && !FileStatus.IsRegularFile(path))
        {
            // Reading a named pipe would block until a writer comes, and a device may never end.
            return new VerificationResult
            {
                Path = path,
                Format = format.Name,
                Status = SignatureStatus.UnsupportedFormat,
                StatusMessage = $"'{path}' is not a regular file (a named pipe, a device or a socket), so it was not read.",
                Checks = [new CheckOutcome(CheckNames.Format, false, "Not a regular file.")],
            };
        }

        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new VerificationResult
            {
                Path = path,
                Format = format.Name,
                Status = SignatureStatus.Malformed,
                StatusMessage = $"The file '{path}' could not be read: {ex.Message}",
                Checks = [new CheckOutcome(CheckNames.Format, false, ex.Message)],
            };
        }

        return Verify(path, file);
    }

    /// <summary>Verifies the bytes <paramref name="file"/> of the file at <paramref name="path"/>.</summary>
    public VerificationResult Verify(string path, ReadOnlyMemory<byte> file)
    {
        ArtifactFormat? format = ArtifactFormatFactory.TryGetFormat(path);
        if (format is null)
        {
            return Unsupported(path);
        }

        VerificationRun run = new(path, format, Options, _chainValidator, _timestampVerifier, _keyFacts);
        return run.Execute(file);
    }

    /// <summary>Verifies many files with bounded parallelism, yielding results on the calling thread as they complete.</summary>
    public IEnumerable<VerificationResult> VerifyMany(IReadOnlyList<string> paths, int maxDegreeOfParallelism, CancellationToken cancellationToken = default)
    {
        foreach (BatchItem<VerificationResult> item in BatchRunner.Run(paths, Verify, maxDegreeOfParallelism, cancellationToken))
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
