using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Signing;

/// <summary>What signing one file did.</summary>
public sealed class SignOutcome
{
    public required string Path { get; init; }

    /// <summary>True when the file already had a valid signature by the same certificate and was left alone.</summary>
    public bool Skipped { get; init; }

    /// <summary>The verification result of the file as it is now.</summary>
    public required VerificationResult Result { get; init; }

    /// <summary>Warnings for the caller to show, such as a BOM-less script with non-ASCII text.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();
}
