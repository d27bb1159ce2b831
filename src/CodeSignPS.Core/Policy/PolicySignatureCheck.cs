using System.Security.Cryptography;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Checks that a policy file carries a valid detached signature (<c>policy.yaml.p7s</c>, as
/// <c>Set-CodeSignature -Detached</c> writes it) from a signer that chains to the policy trust stores.
/// </summary>
public static class PolicySignatureCheck
{
    /// <summary>Returns where the detached signature of <paramref name="policyPath"/> is read from.</summary>
    public static string SignaturePathFor(string policyPath) => DetachedSignatureFiles.SignaturePathFor(policyPath);

    /// <summary>
    /// Verifies the signature of <paramref name="policyPath"/> over <paramref name="policyBytes"/>,
    /// the exact bytes the caller read and will parse, against <paramref name="trustStores"/> alone
    /// (the system store is not used). Revocation is not checked.
    /// </summary>
    /// <returns>The verification result; its status is Valid.</returns>
    /// <exception cref="CodeSignException">
    /// <c>PolicySignatureMissing</c> when the .p7s does not exist, <c>PolicyNotTrusted</c> when the
    /// signer does not chain to a trust store, <c>PolicySignatureInvalid</c> for any other failure,
    /// with the verification's status message.
    /// </exception>
    public static VerificationResult Verify(string policyPath, byte[] policyBytes, IReadOnlyList<TrustStore> trustStores)
    {
        ArgumentException.ThrowIfNullOrEmpty(policyPath);
        ArgumentNullException.ThrowIfNull(policyBytes);
        ArgumentNullException.ThrowIfNull(trustStores);

        string signaturePath = SignaturePathFor(policyPath);
        if (!File.Exists(signaturePath))
        {
            throw new CodeSignException(
                "PolicySignatureMissing",
                FailureCategory.SecurityError,
                $"The policy file '{policyPath}' must be signed, but its detached signature '{signaturePath}' does not exist. "
                + "Sign the policy with Set-CodeSignature -Detached, or leave out -RequireSignedPolicy.",
                policyPath);
        }

        VerificationOptions options = new() { TrustStores = trustStores, TimestampTrustStores = trustStores };
        DetachedVerificationRun run = new(policyPath, signaturePath, options, new ChainValidator(trustStores, useSystemTrust: false),
            new TimestampVerifier(trustStores, useSystemTrust: false), new SignerKeyFactsCache());
        VerificationResult result = run.Execute(algorithm => Digest(policyBytes, algorithm));
        ThrowUnlessValid(policyPath, signaturePath, result);
        return result;
    }

    private static byte[] Digest(byte[] content, HashAlgorithmName algorithm)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(content);
        return hash.GetHashAndReset();
    }

    private static void ThrowUnlessValid(string policyPath, string signaturePath, VerificationResult result)
    {
        switch (result.Status)
        {
            case SignatureStatus.Valid:
                return;
            case SignatureStatus.NotTrusted:
                throw new CodeSignException(
                    "PolicyNotTrusted",
                    FailureCategory.SecurityError,
                    $"The signature '{signaturePath}' of the policy file '{policyPath}' is not from a trusted policy signer: {result.StatusMessage} "
                    + "Give the trust store of the policy signers with -PolicyTrustStore.",
                    policyPath);
            default:
                throw new CodeSignException(
                    "PolicySignatureInvalid",
                    FailureCategory.SecurityError,
                    $"The signature '{signaturePath}' of the policy file '{policyPath}' is not valid ({result.Status}): {result.StatusMessage} "
                    + "Nothing in the policy was used. Restore the signed policy, or sign the changed policy again.",
                    policyPath);
        }
    }
}
