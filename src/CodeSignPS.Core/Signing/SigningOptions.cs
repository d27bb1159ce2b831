using System.Security.Cryptography;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Timestamping;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Signing;

/// <summary>How files are signed.</summary>
public sealed record SigningOptions
{
    public HashAlgorithmName HashAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    public ChainInclusion IncludeChain { get; init; } = ChainInclusion.NotRoot;

    public FormatOptions Format { get; init; } = FormatOptions.Default;

    /// <summary>Leave a file alone when it already carries a valid signature by the same certificate.</summary>
    public bool SkipIfSigned { get; init; }

    /// <summary>Sign a file that has several hard links, although the rename splits them.</summary>
    public bool Force { get; init; }

    /// <summary>How the signed file is verified for the returned result: trust stores mainly.</summary>
    public VerificationOptions Verification { get; init; } = new();

    /// <summary>Re-encode a BOM-less script with non-ASCII characters as UTF-8 with BOM before signing.</summary>
    public bool ConvertToUtf8Bom { get; init; }

    /// <summary>
    /// Where and how to timestamp each signature; null signs without a timestamp. With a value, a
    /// file is written only with a token that one of the servers returned.
    /// </summary>
    public TimestampOptions? Timestamp { get; init; }
}
