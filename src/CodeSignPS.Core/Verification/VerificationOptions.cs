using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Verification;

/// <summary>How files are verified.</summary>
public sealed record VerificationOptions
{
    public IReadOnlyList<TrustStore> TrustStores { get; init; } = Array.Empty<TrustStore>();

    /// <summary>Trust anchors for the certificates of timestamping authorities (TSAs).</summary>
    public IReadOnlyList<TrustStore> TimestampTrustStores { get; init; } = Array.Empty<TrustStore>();

    /// <summary>Whether the system's root store is trusted too, for signers and for TSAs.</summary>
    public bool UseSystemTrust { get; init; }

    public RevocationMode RevocationMode { get; init; } = RevocationMode.NoCheck;

    /// <summary>The CRLs that RevocationMode Offline checks the signer's chain against.</summary>
    public IReadOnlyList<CertificateRevocationList> Crls { get; init; } = Array.Empty<CertificateRevocationList>();

    /// <summary>
    /// The checker that RevocationMode Online uses; one per run, so its answers are cached across files.
    /// Without it, Online reports RevocationUnknown.
    /// </summary>
    public Revocation.OnlineRevocationChecker? OnlineRevocation { get; init; }

    public FormatOptions Format { get; init; } = FormatOptions.Default;

    /// <summary>The time used when no verified timestamp gives one; null means now.</summary>
    public DateTimeOffset? VerificationTime { get; init; }

    /// <summary>The weakest digests and key sizes accepted before the chain is checked; <see cref="AlgorithmFloors.Default"/> unless set.</summary>
    public AlgorithmFloors AlgorithmFloors { get; init; } = AlgorithmFloors.Default;
}
