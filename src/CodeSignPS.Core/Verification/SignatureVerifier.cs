namespace CodeSignPS.Core.Verification;

/// <summary>Reads and verifies signatures; one result per file, never an exception for a bad file.</summary>
public sealed class SignatureVerifier
{
    public SignatureVerifier(VerificationOptions options)
    {
        Options = options;
    }

    public VerificationOptions Options { get; }

    public VerificationResult Verify(string path) => throw new NotImplementedException();

    public VerificationResult Verify(string path, ReadOnlyMemory<byte> file) => throw new NotImplementedException();

    /// <summary>Verifies many files with bounded parallelism, yielding results on the calling thread as they complete.</summary>
    public IEnumerable<VerificationResult> VerifyMany(IReadOnlyList<string> paths, int maxDegreeOfParallelism, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}
