namespace CodeSignPS.Core.Keys;

/// <summary>Public key algorithms that Authenticode signing supports here.</summary>
internal enum SigningKeyAlgorithm
{
    Rsa,
    Ecdsa,
}
