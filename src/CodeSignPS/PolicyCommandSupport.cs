using CodeSignPS.Core;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Trust;

namespace CodeSignPS;

/// <summary>Loads a policy for a cmdlet, checking its detached signature first when the caller requires one.</summary>
internal static class PolicyCommandSupport
{
    /// <summary>Loads <paramref name="policyPath"/>; with <paramref name="requireSignedPolicy"/>, only after its .p7s verifies against the given stores.</summary>
    /// <param name="policyPath">The policy file, as a full file system path.</param>
    /// <param name="policyTrustStorePaths">Trust stores of the policy signers, as full paths; used only with <paramref name="requireSignedPolicy"/>.</param>
    /// <exception cref="Core.CodeSignException">The policy is missing, unsigned, badly signed or invalid.</exception>
    public static LoadedPolicy Load(string policyPath, bool requireSignedPolicy, IReadOnlyList<string>? policyTrustStorePaths)
        => Load(policyPath, requireSignedPolicy, policyTrustStorePaths, out _);

    /// <summary>As <see cref="Load(string, bool, IReadOnlyList{string})"/>, and returns the policy trust stores that checked the signature.</summary>
    /// <param name="policySigners">
    /// With <paramref name="requireSignedPolicy"/>, the stores the policy's trust files must be signed
    /// from (pass them to <see cref="PolicyTrustMaterial.Load(EffectivePolicy, IReadOnlyList{TrustStore})"/>); otherwise null.
    /// </param>
    public static LoadedPolicy Load(string policyPath, bool requireSignedPolicy, IReadOnlyList<string>? policyTrustStorePaths, out IReadOnlyList<TrustStore>? policySigners)
    {
        ArgumentException.ThrowIfNullOrEmpty(policyPath);
        policySigners = null;
        if (!requireSignedPolicy)
        {
            return PolicyLoader.Load(policyPath);
        }

        IReadOnlyList<TrustStore> stores = LoadTrustStores(policyPath, policyTrustStorePaths);
        policySigners = stores;

        // The bytes whose signature verifies are the bytes parsed: the file is read once.
        byte[] signedBytes = PolicyLoader.ReadFile(policyPath);
        PolicySignatureCheck.Verify(policyPath, signedBytes, stores);
        return PolicyLoader.Load(policyPath, signedBytes);
    }

    private static IReadOnlyList<TrustStore> LoadTrustStores(string policyPath, IReadOnlyList<string>? paths)
    {
        if (paths is null || paths.Count == 0)
        {
            throw new CodeSignException(
                "PolicyTrustStoreMissing",
                FailureCategory.InvalidArgument,
                $"-RequireSignedPolicy needs the trust stores of the policy signers to check '{policyPath}', but none were given. Add -PolicyTrustStore with a PEM bundle, a DER certificate file or a folder of them.",
                policyPath);
        }

        return paths.Distinct(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
            .Select(TrustStoreLoader.Load)
            .ToArray();
    }
}
