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
}
