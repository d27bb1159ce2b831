using System.Security.Cryptography;
using CodeSignPS.Core;

namespace CodeSignPS;

/// <summary>Parses the -HashAlgorithm and -TimestampHashAlgorithm values of Set-CodeSignature.</summary>
internal static class SigningHashAlgorithm
{
    /// <summary>
    /// Returns SHA256, SHA384 or SHA512 for <paramref name="name"/>, ignoring case and a hyphen
    /// ('sha-384'). MD5 and SHA-1 are broken for signatures, so they get their own error.
    /// </summary>
    /// <param name="name">The value as the caller wrote it.</param>
    /// <param name="parameterName">The parameter that holds it, named in the error so the caller knows which value to change.</param>
    /// <exception cref="CodeSignException">HashAlgorithmNotAllowed or HashAlgorithmNotSupported.</exception>
    public static HashAlgorithmName Parse(string name, string parameterName = "HashAlgorithm")
    {
        string normalized = name.Trim().Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        switch (normalized)
        {
            case "SHA256":
                return HashAlgorithmName.SHA256;
            case "SHA384":
                return HashAlgorithmName.SHA384;
            case "SHA512":
                return HashAlgorithmName.SHA512;
            case "SHA1":
            case "MD5":
                throw new CodeSignException(
                    "HashAlgorithmNotAllowed",
                    FailureCategory.InvalidArgument,
                    $"-{parameterName} '{name}' is not allowed for new signatures and timestamps because collisions for it can be computed. Use SHA256 (the default), SHA384 or SHA512 for -{parameterName}.",
                    name);
            default:
                throw new CodeSignException(
                    "HashAlgorithmNotSupported",
                    FailureCategory.InvalidArgument,
                    $"-{parameterName} '{name}' is not a supported hash algorithm. Use SHA256 (the default), SHA384 or SHA512.",
                    name);
        }
    }
}
