namespace CodeSignPS.Core.Signing;

/// <summary>Object identifiers of CMS (RFC 5652) and its attributes, as detached signatures use them.</summary>
internal static class CmsOids
{
    /// <summary>id-data (RFC 5652 §4): arbitrary octets, the content type of a detached signature.</summary>
    public const string Data = "1.2.840.113549.1.7.1";

    /// <summary>id-signedData (RFC 5652 §5.1).</summary>
    public const string SignedData = "1.2.840.113549.1.7.2";

    /// <summary>id-contentType signed attribute (RFC 5652 §11.1).</summary>
    public const string ContentType = "1.2.840.113549.1.9.3";

    /// <summary>id-messageDigest signed attribute (RFC 5652 §11.2).</summary>
    public const string MessageDigest = "1.2.840.113549.1.9.4";

    /// <summary>id-signingTime signed attribute (RFC 5652 §11.3).</summary>
    public const string SigningTime = "1.2.840.113549.1.9.5";

    /// <summary>id-aa-CMSAlgorithmProtection signed attribute (RFC 6211 §2).</summary>
    public const string AlgorithmProtection = "1.2.840.113549.1.9.52";

    /// <summary>id-aa-timeStampToken unsigned attribute (RFC 3161 Appendix A): an RFC 3161 token over the signature value.</summary>
    public const string TimestampToken = "1.2.840.113549.1.9.16.2.14";

    /// <summary>rsaEncryption (RFC 3370 §3.2): PKCS#1 v1.5, the digest algorithm named separately.</summary>
    public const string RsaEncryption = "1.2.840.113549.1.1.1";

    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";

    /// <summary>RSASSA-PSS (RFC 4056), which detached verification does not accept.</summary>
    public const string RsaPss = "1.2.840.113549.1.1.10";

    /// <summary>ecdsa-with-SHA256 (RFC 5758 §3.2); SHA384 and SHA512 follow.</summary>
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    /// <summary>id-ecPublicKey, which some signers write as the signature algorithm of an ECDSA signer info.</summary>
    public const string EcPublicKey = "1.2.840.10045.2.1";
}
