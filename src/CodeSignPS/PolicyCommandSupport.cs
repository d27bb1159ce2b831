using System.Security.Cryptography;
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
    {
        ArgumentException.ThrowIfNullOrEmpty(policyPath);
        if (!requireSignedPolicy)
        {
            return PolicyLoader.Load(policyPath);
        }

        IReadOnlyList<TrustStore> stores = LoadTrustStores(policyPath, policyTrustStorePaths);
        byte[] signedBytes = ReadPolicy(policyPath);
        PolicySignatureCheck.Verify(policyPath, signedBytes, stores);

        LoadedPolicy policy = PolicyLoader.Load(policyPath);

        // The loader reads the file again. Comparing afterwards catches a file replaced between the
        // signature check and the parse.
        // NOTE: a file swapped and swapped back within that window still passes; handing the
        // verified bytes to the parser would close it, but PolicyLoader takes only a path.
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(signedBytes), SHA256.HashData(ReadPolicy(policyPath))))
        {
            throw new CodeSignException(
                "PolicySignatureInvalid",
                FailureCategory.SecurityError,
                $"The policy file '{policyPath}' changed while it was loaded, after its signature was checked. Nothing in it was used; load it again once nothing writes to it.",
                policyPath);
        }

        return policy;
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

    private static byte[] ReadPolicy(string policyPath)
    {
        try
        {
            return File.ReadAllBytes(policyPath);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CodeSignException("PolicyNotFound", FailureCategory.ObjectNotFound, $"The policy file '{policyPath}' does not exist. Check the path given with -Path or -Policy.", policyPath, exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("PolicyUnreadable", FailureCategory.ReadError, $"The policy file '{policyPath}' could not be read: {exception.Message}", policyPath, exception);
        }
    }
}
