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

        VerificationResult result = Run(policyPath, signaturePath, policyBytes, trustStores);
        ThrowUnlessValid(policyPath, signaturePath, result);
        return result;
    }

    /// <summary>
    /// Verifies the detached signature of a certificate file that trust store <paramref name="storeName"/>
    /// of the signed policy <paramref name="policyPath"/> names, over <paramref name="fileBytes"/>, the
    /// exact bytes the caller read and will load, against the policy trust stores alone.
    /// </summary>
    /// <exception cref="CodeSignException">
    /// <c>PolicyTrustFileNotSigned</c> when the file's .p7s does not exist, <c>PolicyTrustFileNotTrusted</c>
    /// when its signer does not chain to a policy trust store, <c>PolicyTrustFileSignatureInvalid</c> otherwise;
    /// each names the policy, the trust store and the file.
    /// </exception>
    public static void VerifyTrustFile(string policyPath, string storeName, string filePath, byte[] fileBytes, IReadOnlyList<TrustStore> trustStores)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        ArgumentNullException.ThrowIfNull(fileBytes);
        ArgumentNullException.ThrowIfNull(trustStores);

        string signaturePath = SignaturePathFor(filePath);
        string subject = $"The signed policy '{policyPath}' loads '{filePath}' for trust store '{storeName}'";
        if (!File.Exists(signaturePath))
        {
            throw new CodeSignException(
                "PolicyTrustFileNotSigned",
                FailureCategory.SecurityError,
                $"{subject}, but its detached signature '{signaturePath}' does not exist. A signed policy trusts only certificate files signed like the policy: "
                + "sign the file with Set-CodeSignature -Detached by a policy signer. Nothing in the policy was used.",
                filePath);
        }

        VerificationResult result = Run(filePath, signaturePath, fileBytes, trustStores);
        switch (result.Status)
        {
            case SignatureStatus.Valid:
                return;
            case SignatureStatus.NotTrusted:
                throw new CodeSignException(
                    "PolicyTrustFileNotTrusted",
                    FailureCategory.SecurityError,
                    $"{subject}, but its signature '{signaturePath}' is not from a trusted policy signer: {result.StatusMessage} "
                    + "Sign the file with a certificate of the policy signers given with -PolicyTrustStore. Nothing in the policy was used.",
                    filePath);
            default:
                throw new CodeSignException(
                    "PolicyTrustFileSignatureInvalid",
                    FailureCategory.SecurityError,
                    $"{subject}, but its signature '{signaturePath}' is not valid ({result.Status}): {result.StatusMessage} "
                    + "Restore the signed file, or sign the changed file again. Nothing in the policy was used.",
                    filePath);
        }
    }

    private static VerificationResult Run(string path, string signaturePath, byte[] content, IReadOnlyList<TrustStore> trustStores)
    {
        VerificationOptions options = new() { TrustStores = trustStores, TimestampTrustStores = trustStores };
        DetachedVerificationRun run = new(path, signaturePath, options, new ChainValidator(trustStores, useSystemTrust: false),
            new TimestampVerifier(trustStores, useSystemTrust: false), new SignerKeyFactsCache());
        return run.Execute(algorithm => Digest(content, algorithm));
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
