using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>Outcome of building and checking a signer's chain.</summary>
public sealed class ChainResult
{
    /// <summary>The chain from the leaf towards the root, as far as it could be built.</summary>
    public required IReadOnlyList<X509Certificate2> Chain { get; init; }

    /// <summary>Whether the chain ends at a root from the trust stores, has no error other than validity periods, and passes the code signing EKU rules.</summary>
    public required bool IsTrusted { get; init; }

    /// <summary>Whether every certificate on the chain was within its validity period at the verification time.</summary>
    public required bool IsTimeValid { get; init; }

    /// <summary>Why the chain is not trusted or not time-valid, naming the certificate; null when both hold.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>The first certificate that was outside its validity period, if any.</summary>
    public X509Certificate2? ExpiredCertificate { get; init; }

    /// <summary>Name of the trust store holding the chain's anchor; null when the chain does not reach an anchor.</summary>
    public string? TrustAnchorStore { get; init; }
}
