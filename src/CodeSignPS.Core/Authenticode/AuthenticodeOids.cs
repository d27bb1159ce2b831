using System.Security.Cryptography;

namespace CodeSignPS.Core.Authenticode;

/// <summary>
/// Object identifiers used in Authenticode signatures, with the digest algorithms they name.
/// </summary>
public static class AuthenticodeOids
{
    /// <summary>SPC_INDIRECT_DATA_OBJID: content type of the SignedData that carries an Authenticode digest.</summary>
    public const string SpcIndirectData = "1.3.6.1.4.1.311.2.1.4";

    /// <summary>SPC_PE_IMAGE_DATAOBJ: SpcAttributeTypeAndOptionalValue type for PE files.</summary>
    public const string SpcPeImageData = "1.3.6.1.4.1.311.2.1.15";

    /// <summary>
    /// SPC_SIGINFO_OBJID: SpcAttributeTypeAndOptionalValue type whose value is an SpcSipInfo, used by
    /// SIPs such as the PowerShell script SIP.
    /// </summary>
    public const string SpcSipInfo = "1.3.6.1.4.1.311.2.1.30";

    /// <summary>SPC_SP_OPUS_INFO_OBJID: signed attribute with the program name and URL.</summary>
    public const string SpcSpOpusInfo = "1.3.6.1.4.1.311.2.1.12";

    /// <summary>SPC_STATEMENT_TYPE_OBJID: signed attribute naming individual or commercial signing.</summary>
    public const string SpcStatementType = "1.3.6.1.4.1.311.2.1.11";

    /// <summary>
    /// szOID_RFC3161_counterSign: unsigned attribute whose value is an RFC 3161 timestamp token over
    /// the signer's signature value.
    /// </summary>
    public const string Rfc3161Countersignature = "1.3.6.1.4.1.311.3.3.1";

    public const string Md5 = "1.2.840.113549.2.5";
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    /// <summary>Returns the digest algorithm OID for <paramref name="hashAlgorithm"/>.</summary>
    /// <exception cref="ArgumentException">The algorithm is not MD5, SHA-1 or SHA-2.</exception>
    public static string GetDigestOid(HashAlgorithmName hashAlgorithm)
    {
        if (hashAlgorithm == HashAlgorithmName.SHA256) return Sha256;
        if (hashAlgorithm == HashAlgorithmName.SHA384) return Sha384;
        if (hashAlgorithm == HashAlgorithmName.SHA512) return Sha512;
        if (hashAlgorithm == HashAlgorithmName.SHA1) return Sha1;
        if (hashAlgorithm == HashAlgorithmName.MD5) return Md5;

        throw new ArgumentException(
            $"Hash algorithm '{hashAlgorithm.Name}' has no Authenticode digest OID; use SHA256, SHA384 or SHA512.",
            nameof(hashAlgorithm));
    }

    /// <summary>Returns the digest algorithm that <paramref name="oid"/> names, or null when it is unknown.</summary>
    public static HashAlgorithmName? TryGetHashAlgorithm(string oid) => oid switch
    {
        Sha256 => HashAlgorithmName.SHA256,
        Sha384 => HashAlgorithmName.SHA384,
        Sha512 => HashAlgorithmName.SHA512,
        Sha1 => HashAlgorithmName.SHA1,
        Md5 => HashAlgorithmName.MD5,
        _ => null,
    };

    /// <summary>Returns the digest length in bytes of <paramref name="hashAlgorithm"/>.</summary>
    public static int GetDigestLength(HashAlgorithmName hashAlgorithm)
    {
        if (hashAlgorithm == HashAlgorithmName.SHA256) return 32;
        if (hashAlgorithm == HashAlgorithmName.SHA384) return 48;
        if (hashAlgorithm == HashAlgorithmName.SHA512) return 64;
        if (hashAlgorithm == HashAlgorithmName.SHA1) return 20;
        if (hashAlgorithm == HashAlgorithmName.MD5) return 16;

        throw new ArgumentException($"Hash algorithm '{hashAlgorithm.Name}' is not supported.", nameof(hashAlgorithm));
    }
}
