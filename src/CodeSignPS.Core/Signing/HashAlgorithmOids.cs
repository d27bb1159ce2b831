using System.Security.Cryptography;

namespace CodeSignPS.Core.Signing;

/// <summary>Maps digest algorithm names to their OIDs and back.</summary>
public static class HashAlgorithmOids
{
    public const string Md5 = "1.2.840.113549.2.5";
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    public static string FromName(HashAlgorithmName name)
    {
        if (name == HashAlgorithmName.SHA256) return Sha256;
        if (name == HashAlgorithmName.SHA384) return Sha384;
        if (name == HashAlgorithmName.SHA512) return Sha512;
        if (name == HashAlgorithmName.SHA1) return Sha1;
        if (name == HashAlgorithmName.MD5) return Md5;
        throw new ArgumentOutOfRangeException(nameof(name), name.Name, "Unsupported digest algorithm.");
    }

    /// <summary>Returns the algorithm for <paramref name="oid"/>, or null when it is not one of ours.</summary>
    public static HashAlgorithmName? TryFromOid(string? oid) => oid switch
    {
        Sha256 => HashAlgorithmName.SHA256,
        Sha384 => HashAlgorithmName.SHA384,
        Sha512 => HashAlgorithmName.SHA512,
        Sha1 => HashAlgorithmName.SHA1,
        Md5 => HashAlgorithmName.MD5,
        _ => null,
    };

    /// <summary>Whether signing with <paramref name="name"/> is allowed: SHA-256 and stronger.</summary>
    public static bool IsAllowedForSigning(HashAlgorithmName name)
        => name == HashAlgorithmName.SHA256 || name == HashAlgorithmName.SHA384 || name == HashAlgorithmName.SHA512;
}
