using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>The decision whether a certificate would be accepted as a publisher in an environment, with every reason.</summary>
public sealed class PublisherAcceptanceResult
{
    /// <summary>Where the certificate came from: a file path, or <c>Pipeline</c>.</summary>
    public required string Source { get; init; }

    public required X509Certificate2 Certificate { get; init; }

    public string Subject => Certificate.Subject;

    public string Thumbprint => Certificate.Thumbprint;

    /// <summary>The environment's name, or <c>defaults</c> when none was named.</summary>
    public required string Environment { get; init; }

    /// <summary>True when the chain is trusted by a code signing store of the policy and at least one rule accepts the certificate.</summary>
    public required bool Accepted { get; init; }

    /// <summary>Whether the chain reaches a code signing store of the policy and passes the chain rules.</summary>
    public required bool ChainTrusted { get; init; }

    /// <summary>The policy trust store the chain ends in, or null.</summary>
    public string? TrustStore { get; init; }

    public required ValidationLevel Level { get; init; }

    /// <summary>Why the level is what it is, naming the store and the OID that decided it.</summary>
    public required string LevelReason { get; init; }

    /// <summary>One entry per rule, in file order.</summary>
    public required IReadOnlyList<RuleAcceptance> Rules { get; init; }

    /// <summary>Every reason found: the chain's, then each rule's, prefixed with the rule's name.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
}
