using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy.Matching;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// The certificates and CRLs a policy names, read from disk relative to the policy file: every trust
/// store, and the CRLs of an environment whose revocation mode is offline.
/// </summary>
/// <remarks>
/// A certificate entry is a PEM bundle, a DER file, a folder of them (read as <see cref="TrustStoreLoader"/>
/// reads one) or a wildcard pattern (see <see cref="GlobPattern"/>) that must match at least one file.
/// CRL entries are read by <see cref="CrlFileLoader"/>. Each <see cref="TrustStore"/> is named after
/// its policy trust store, so chain results name the policy's store.
/// </remarks>
public sealed partial class PolicyTrustMaterial
{
    private readonly Dictionary<string, PolicyTrustStore> _anchorStoreByHash;

    private PolicyTrustMaterial(IReadOnlyList<PolicyTrustStore> stores, IReadOnlyList<CertificateRevocationList> crls)
    {
        Stores = stores;
        CodeSigningStores = stores.Where(store => store.Definition.Role.Value == TrustStoreRole.CodeSigning).Select(store => store.Store).ToArray();
        TimestampStores = stores.Where(store => store.Definition.Role.Value == TrustStoreRole.Timestamping).Select(store => store.Store).ToArray();
        Crls = crls;

        // The first code signing store in file order owns a certificate that several stores list.
        _anchorStoreByHash = new Dictionary<string, PolicyTrustStore>(StringComparer.Ordinal);
        foreach (PolicyTrustStore store in stores.Where(store => store.Definition.Role.Value == TrustStoreRole.CodeSigning))
        {
            foreach (X509Certificate2 certificate in store.Store.Certificates)
            {
                _anchorStoreByHash.TryAdd(TrustAnchorSet.HashOf(certificate), store);
            }
        }
    }

    /// <summary>Reads the trust stores of the policy and the CRLs of <paramref name="policy"/>.</summary>
    /// <exception cref="CodeSignException"><c>PolicyTrustStoreUnreadable</c> or <c>PolicyCrlUnreadable</c>, naming the policy file, the entry and the file.</exception>
    public static PolicyTrustMaterial Load(EffectivePolicy policy) => Load(policy, trustFileSigners: null);

    /// <summary>
    /// Reads the trust stores and CRLs of <paramref name="policy"/>; with <paramref name="trustFileSigners"/>
    /// (a signed policy), every certificate file must carry a valid detached signature that chains to them.
    /// </summary>
    /// <remarks>
    /// A signed policy names its trust files by path only, so whoever can write next to the policy could
    /// replace a root without touching the policy's signature. Each file is read once and its signature
    /// checked over those bytes before they are loaded. CRL files need no signature of their own: each CRL
    /// is accepted only when it verifies against its issuer from these verified stores.
    /// </remarks>
    /// <exception cref="CodeSignException">
    /// <c>PolicyTrustFileNotSigned</c>, <c>PolicyTrustFileNotTrusted</c> or <c>PolicyTrustFileSignatureInvalid</c>
    /// for a trust file of a signed policy; otherwise as <see cref="Load(EffectivePolicy)"/>.
    /// </exception>
    public static PolicyTrustMaterial Load(EffectivePolicy policy, IReadOnlyList<TrustStore>? trustFileSigners)
    {
        ArgumentNullException.ThrowIfNull(policy);
        PolicyDocument document = policy.Document;
        PolicyTrustStore[] stores = document.TrustStores.Select(definition => LoadStore(document, definition, trustFileSigners)).ToArray();
        IReadOnlyList<CertificateRevocationList> crls = policy.RevocationMode == PolicyRevocationMode.Offline
            ? PolicyCrlReader.Read(document, policy.CrlPatterns)
            : [];
        return new PolicyTrustMaterial(stores, crls);
    }

    public IReadOnlyList<PolicyTrustStore> Stores { get; }

    /// <summary>The stores whose role is code signing, for chain building.</summary>
    public IReadOnlyList<TrustStore> CodeSigningStores { get; }

    /// <summary>The stores whose role is timestamping, for TSA chains.</summary>
    public IReadOnlyList<TrustStore> TimestampStores { get; }

    /// <summary>The CRLs that offline revocation checks against; empty unless the mode is offline.</summary>
    public IReadOnlyList<CertificateRevocationList> Crls { get; }

    /// <summary>The code signing store holding the chain's last certificate (its trust anchor), or null.</summary>
    /// <remarks>Certificates compare by the SHA-256 of their DER, so a re-encoded or re-issued root with the same name is a different anchor.</remarks>
    public PolicyTrustStore? FindAnchorStore(IReadOnlyList<X509Certificate2> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return chain.Count == 0 ? null : _anchorStoreByHash.GetValueOrDefault(TrustAnchorSet.HashOf(chain[^1]));
    }

    private static PolicyTrustStore LoadStore(PolicyDocument document, TrustStoreDefinition definition, IReadOnlyList<TrustStore>? trustFileSigners)
    {
        var certificates = new X509Certificate2Collection();
        foreach (PolicyValue<string> entry in definition.Certificates)
        {
            try
            {
                string? error = PolicyFileReferences.Expand(document.Folder, entry.Value, out IReadOnlyList<string> paths);
                if (error is not null)
                {
                    throw StoreUnreadable(document, definition, entry, error, null);
                }

                foreach (string path in paths)
                {
                    certificates.AddRange(trustFileSigners is null
                        ? TrustStoreLoader.Load(path).Certificates
                        : LoadSigned(document, definition, path, trustFileSigners));
                }
            }
            catch (CodeSignException ex) when (ex.ErrorId != "PolicyTrustStoreUnreadable" && !ex.ErrorId.StartsWith("PolicyTrustFile", StringComparison.Ordinal))
            {
                throw StoreUnreadable(document, definition, entry, ex.Message, ex);
            }
        }

        return new PolicyTrustStore(definition, new TrustStore(definition.Name, certificates));
    }

    private static CodeSignException StoreUnreadable(PolicyDocument document, TrustStoreDefinition definition, PolicyValue<string> entry, string problem, CodeSignException? inner)
        => new(
            "PolicyTrustStoreUnreadable",
            inner?.Category ?? FailureCategory.ObjectNotFound,
            $"The policy file '{document.FilePath}' names '{entry.Value}' in trust store '{definition.Name}' ({entry.Position}), " +
            $"which could not be loaded: {problem.TrimEnd('.')}. Fix the path in the policy (it is relative to the policy file's folder) or the file.",
            inner?.Target ?? Path.GetFullPath(Path.Combine(document.Folder, entry.Value)),
            inner);
}
