using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace CodeSignPS.Core.Verification;

/// <summary>Decodes an RFC 3161 timestamp token into its SignedData and TSTInfo, without checking it.</summary>
internal static class TimestampTokenDecoder
{
    /// <summary>id-ct-TSTInfo (RFC 3161, 2.4.2): the content type of a timestamp token's SignedData.</summary>
    internal const string TstInfoContentTypeOid = "1.2.840.113549.1.9.16.1.4";

    /// <summary>Decodes <paramref name="encoded"/>, a DER ContentInfo holding the token's SignedData.</summary>
    /// <exception cref="CryptographicException">The bytes are not a timestamp token.</exception>
    public static (SignedCms Token, Rfc3161TimestampTokenInfo Info) Decode(byte[] encoded)
    {
        if (Rfc3161TimestampToken.TryDecode(encoded, out Rfc3161TimestampToken? token, out int consumed) && token is not null && consumed == encoded.Length)
        {
            return (token.AsSignedCms(), token.TokenInfo);
        }

        // Rfc3161TimestampToken.TryDecode returns false for many real Microsoft tokens: it requires
        // the TSA certificate's time stamping EKU to be critical (RFC 3161, 2.3), and it rejects
        // tokens that carry attribute certificates (dotnet/runtime issue 62307). SignedCms and
        // Rfc3161TimestampTokenInfo decode those tokens, and TimestampVerifier checks them with its
        // own rules. This fallback can go when TryDecode accepts every token that the corpus tests
        // count as rejected.
        return DecodeWithSignedCms(encoded);
    }

    private static (SignedCms Token, Rfc3161TimestampTokenInfo Info) DecodeWithSignedCms(byte[] encoded)
    {
        SignedCms cms = new();
        cms.Decode(encoded);
        string? contentType = cms.ContentInfo.ContentType.Value;
        if (contentType != TstInfoContentTypeOid)
        {
            throw new CryptographicException($"The token's content type is {contentType}, not TSTInfo ({TstInfoContentTypeOid}).");
        }

        // RFC 3161, 2.4.2: the token MUST NOT contain any signature other than the TSA's.
        if (cms.SignerInfos.Count != 1)
        {
            throw new CryptographicException($"The token has {cms.SignerInfos.Count} signers; a timestamp token has exactly one.");
        }

        if (!Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out Rfc3161TimestampTokenInfo? info, out int consumed)
            || info is null
            || consumed != cms.ContentInfo.Content.Length)
        {
            throw new CryptographicException("The token's TSTInfo could not be decoded.");
        }

        return (cms, info);
    }
}
