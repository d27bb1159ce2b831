using CodeSignPS.Core.Policy;

namespace CodeSignPS;

/// <summary>Loads a policy for a cmdlet, checking its detached signature first when the caller requires one.</summary>
internal static class PolicyCommandSupport
{
    /// <summary>Loads <paramref name="policyPath"/>; with <paramref name="requireSignedPolicy"/>, only after its .p7s verifies against the given stores.</summary>
    /// <exception cref="Core.CodeSignException">The policy is missing, unsigned, badly signed or invalid.</exception>
    public static LoadedPolicy Load(string policyPath, bool requireSignedPolicy, IReadOnlyList<string>? policyTrustStorePaths)
        => throw new NotImplementedException("Contract placeholder.");
}
