using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Timestamping;

/// <summary>
/// Checks that a timestamp token answers one request: it is a SignedData over a TSTInfo with the
/// request's nonce and imprint, it carries the TSA certificate with the time stamping EKU, and its
/// signature verifies with that certificate. Trust in the TSA is judged when the signature is verified.
/// </summary>
internal static class TimestampTokenCheck
{
    public const string TimeStampingEkuOid = "1.3.6.1.5.5.7.3.8";

    /// <summary>Throws <see cref="TimestampAttemptException"/> naming the first check that fails.</summary>
    public static void Check(byte[] token, string hashAlgorithmOid, ReadOnlySpan<byte> imprint, BigInteger nonce)
    {
        SignedCms cms = DecodeSignedData(token);
        TstInfo info = DecodeTstInfo(cms);

        if (info.Nonce is not BigInteger returnedNonce)
        {
            throw Invalid("returned a token without a nonce, so it may be a replay of an older answer");
        }

        if (returnedNonce != nonce)
        {
            throw Invalid($"returned a token with the wrong nonce (expected {nonce:X}, found {returnedNonce:X}), so it answers another request");
        }

        if (info.HashAlgorithmOid != hashAlgorithmOid)
        {
            throw Invalid($"returned a token whose imprint uses the algorithm {info.HashAlgorithmOid} instead of the requested {hashAlgorithmOid}");
        }

        if (!info.HashedMessage.AsSpan().SequenceEqual(imprint))
        {
            throw Invalid("returned a token whose imprint does not match the signature, so it timestamps other data");
        }

        if (cms.SignerInfos.Count != 1)
        {
            throw Invalid($"returned a token with {cms.SignerInfos.Count} signers instead of one");
        }

        SignerInfo signer = cms.SignerInfos[0];
        X509Certificate2 certificate = signer.Certificate
            ?? throw Invalid("returned a token without the TSA certificate although the request asked for it (certReq)");
        CheckTimeStampingEku(certificate);
        CheckSignature(signer, certificate);
    }

    private static SignedCms DecodeSignedData(byte[] token)
    {
        SignedCms cms = new();
        try
        {
            cms.Decode(token);
        }
        catch (CryptographicException ex)
        {
            throw Invalid($"returned a token that is not a CMS SignedData ({ex.Message})", ex);
        }

        if (cms.ContentInfo.ContentType.Value != TstInfo.ContentTypeOid)
        {
            throw Invalid($"returned a token whose content type is {cms.ContentInfo.ContentType.Value}, not TSTInfo ({TstInfo.ContentTypeOid})");
        }

        return cms;
    }

    private static TstInfo DecodeTstInfo(SignedCms cms)
    {
        try
        {
            return TstInfo.Decode(cms.ContentInfo.Content);
        }
        catch (AsnContentException ex)
        {
            throw Invalid($"returned a token whose TSTInfo is malformed ({ex.Message})", ex);
        }
    }

    private static void CheckTimeStampingEku(X509Certificate2 certificate)
    {
        X509EnhancedKeyUsageExtension? eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        bool hasTimeStamping = eku is not null
            && eku.EnhancedKeyUsages.Cast<Oid>().Any(usage => usage.Value == TimeStampingEkuOid);
        if (!hasTimeStamping)
        {
            throw Invalid($"returned a token signed by '{certificate.Subject}', whose certificate lacks the time stamping extended key usage ({TimeStampingEkuOid})");
        }
    }

    private static void CheckSignature(SignerInfo signer, X509Certificate2 certificate)
    {
        try
        {
            signer.CheckSignature(new X509Certificate2Collection(certificate), verifySignatureOnly: true);
        }
        catch (CryptographicException ex)
        {
            throw Invalid($"returned a token whose signature does not verify with the certificate of '{certificate.Subject}' ({ex.Message})", ex);
        }
    }

    private static TimestampAttemptException Invalid(string message, Exception? inner = null)
        => new(message, TimestampFailureKind.InvalidToken, innerException: inner);
}
