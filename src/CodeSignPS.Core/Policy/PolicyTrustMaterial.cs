using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// The certificates and CRLs a policy names, read from disk relative to the policy file: every trust
/// store, and the CRLs of an environment whose revocation mode is offline.
/// </summary>
public sealed class PolicyTrustMaterial
{
    private PolicyTrustMaterial() => throw new NotImplementedException("Contract placeholder.");

    /// <summary>Reads the trust stores of the policy and the CRLs of <paramref name="policy"/>.</summary>
    /// <exception cref="CodeSignException"><c>PolicyTrustStoreUnreadable</c> or <c>PolicyCrlUnreadable</c>, naming the policy file, the entry and the file.</exception>
    public static PolicyTrustMaterial Load(EffectivePolicy policy) => throw new NotImplementedException("Contract placeholder.");

    public IReadOnlyList<PolicyTrustStore> Stores { get; } = [];

    /// <summary>The stores whose role is code signing, for chain building.</summary>
    public IReadOnlyList<TrustStore> CodeSigningStores { get; } = [];

    /// <summary>The stores whose role is timestamping, for TSA chains.</summary>
    public IReadOnlyList<TrustStore> TimestampStores { get; } = [];

    /// <summary>The CRLs that offline revocation checks against; empty unless the mode is offline.</summary>
    public IReadOnlyList<CertificateRevocationList> Crls { get; } = [];

    /// <summary>The code signing store holding the chain's last certificate (its trust anchor), or null.</summary>
    public PolicyTrustStore? FindAnchorStore(IReadOnlyList<X509Certificate2> chain) => throw new NotImplementedException("Contract placeholder.");
}
