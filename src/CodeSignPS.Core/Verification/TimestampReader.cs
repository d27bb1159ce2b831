using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace CodeSignPS.Core.Verification;

/// <summary>Finds and decodes the timestamps on a signer, without verifying them.</summary>
internal static class TimestampReader
{
    /// <summary>Microsoft's RFC 3161 countersignature attribute (szOID_RFC3161_counterSign).</summary>
    public const string Rfc3161CountersignatureOid = "1.3.6.1.4.1.311.3.3.1";

    /// <summary>PKCS#9 countersignature (RFC 2985 §5.3.6), the older Authenticode timestamp.</summary>
    public const string Pkcs9CountersignatureOid = "1.2.840.113549.1.9.6";

    private const string NotVerifiedMessage =
        "The timestamp was found but not verified; the signer certificate is judged at the verification time.";

    public static TimestampInfo? Read(SignerInfo signer)
    {
        try
        {
            return ReadUnchecked(signer);
        }
        catch (CryptographicException ex)
        {
            return new TimestampInfo { Kind = "Unknown", Message = $"A timestamp attribute could not be decoded: {ex.Message}" };
        }
    }

    private static TimestampInfo? ReadUnchecked(SignerInfo signer)
    {
        foreach (CryptographicAttributeObject attribute in signer.UnsignedAttributes)
        {
            if (attribute.Oid.Value == Rfc3161CountersignatureOid && attribute.Values.Count > 0)
            {
                return ReadRfc3161(attribute.Values[0].RawData);
            }
        }

        if (signer.CounterSignerInfos.Count > 0)
        {
            return ReadPkcs9(signer.CounterSignerInfos[0]);
        }

        return null;
    }

    private static TimestampInfo ReadRfc3161(byte[] encodedToken)
    {
        if (Rfc3161TimestampToken.TryDecode(encodedToken, out Rfc3161TimestampToken? token, out _) && token is not null)
        {
            return new TimestampInfo
            {
                Kind = "Rfc3161",
                Time = token.TokenInfo.Timestamp,
                Certificate = FindTsaCertificate(token.AsSignedCms()),
                Message = NotVerifiedMessage,
            };
        }

        // Rfc3161TimestampToken rejects some real Microsoft tokens (dotnet/runtime issue 62307), so
        // read the TSTInfo out of the SignedData directly to report the time.
        return ReadRfc3161Fallback(encodedToken);
    }

    private static TimestampInfo ReadRfc3161Fallback(byte[] encodedToken)
    {
        SignedCms tokenCms = new();
        tokenCms.Decode(encodedToken);
        if (Rfc3161TimestampTokenInfo.TryDecode(tokenCms.ContentInfo.Content, out Rfc3161TimestampTokenInfo? info, out _) && info is not null)
        {
            return new TimestampInfo { Kind = "Rfc3161", Time = info.Timestamp, Certificate = FindTsaCertificate(tokenCms), Message = NotVerifiedMessage };
        }

        return new TimestampInfo { Kind = "Rfc3161", Message = "The RFC 3161 timestamp token's TSTInfo could not be decoded. " + NotVerifiedMessage };
    }

    private static TimestampInfo ReadPkcs9(SignerInfo counterSigner)
    {
        DateTimeOffset? time = null;
        foreach (CryptographicAttributeObject attribute in counterSigner.SignedAttributes)
        {
            if (attribute.Oid.Value == "1.2.840.113549.1.9.5" && attribute.Values.Count > 0)
            {
                time = new Pkcs9SigningTime(attribute.Values[0].RawData).SigningTime;
            }
        }

        return new TimestampInfo { Kind = "Authenticode", Time = time, Certificate = counterSigner.Certificate, Message = NotVerifiedMessage };
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2? FindTsaCertificate(SignedCms tokenCms)
    {
        return tokenCms.SignerInfos.Count > 0 ? tokenCms.SignerInfos[0].Certificate : null;
    }
}
