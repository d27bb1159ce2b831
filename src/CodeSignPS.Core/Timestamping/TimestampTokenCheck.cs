using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Timestamping;

/// <summary>
/// Checks that a timestamp token matches one request. The token must be a SignedData over a TSTInfo
/// with the request's nonce and imprint. It must carry the TSA certificate, with the time stamping
/// EKU, and its signature must verify with that certificate, which its signing certificate
/// attribute names. Its time must agree with the local clock and the signer certificate.
/// </summary>
/// <remarks>
/// Each check rejects a token that verification would reject later, or that would make the
/// timestamp useless, so that the next server is tried instead. Trust in the TSA is judged when the
/// signature is verified.
/// </remarks>
internal static partial class TimestampTokenCheck
{
    public const string TimeStampingEkuOid = "1.3.6.1.5.5.7.3.8";

    /// <summary>Throws <see cref="TimestampAttemptException"/> naming the first check that fails.</summary>
    public static void Check(byte[] token, TimestampExpectation expected)
    {
        SignedCms cms = DecodeSignedData(token);
        TstInfo info = DecodeTstInfo(cms);
        CheckAnswersRequest(info, expected);

        if (cms.SignerInfos.Count != 1)
        {
            throw Invalid($"returned a token with {cms.SignerInfos.Count} signers instead of one");
        }

        SignerInfo signer = cms.SignerInfos[0];
        X509Certificate2 certificate = signer.Certificate
            ?? throw Invalid("returned a token without the TSA certificate although the request asked for it (certReq)");
        CheckTimeStampingEku(certificate);
        CheckSignature(signer, certificate);
        CheckSigningCertificateAttribute(signer, certificate);
        CheckGenTime(info.GenTime, expected);
    }

    private static void CheckAnswersRequest(TstInfo info, TimestampExpectation expected)
    {
        if (info.Nonce is not BigInteger returnedNonce)
        {
            throw Invalid("returned a token without a nonce, so it may be a replay of an older response");
        }

        if (returnedNonce != expected.Nonce)
        {
            throw Invalid($"returned a token with the wrong nonce (expected {expected.Nonce:X}, found {returnedNonce:X}), so it belongs to another request");
        }

        if (info.HashAlgorithmOid != expected.HashAlgorithmOid)
        {
            throw Invalid($"returned a token whose imprint uses the algorithm {info.HashAlgorithmOid} instead of the requested {expected.HashAlgorithmOid}");
        }

        if (!info.HashedMessage.AsSpan().SequenceEqual(expected.Imprint))
        {
            throw Invalid("returned a token whose imprint does not match the signature, so it timestamps other data");
        }
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

    // The same check that verification applies (RFC 3161 2.4.2: the ESSCertID or ESSCertIDv2 MUST
    // be present), so that a token that would never verify is not embedded.
    private static void CheckSigningCertificateAttribute(SignerInfo signer, X509Certificate2 certificate)
    {
        string? mismatch;
        try
        {
            mismatch = Verification.TimestampSigningCertificate.FindMismatch(signer, certificate);
        }
        catch (CryptographicException ex)
        {
            throw Invalid($"returned a token whose signing certificate attribute cannot be read ({ex.Message})", ex);
        }

        if (mismatch is not null)
        {
            throw Invalid($"returned a token that verification would reject: {mismatch}");
        }
    }

    private static TimestampAttemptException Invalid(string message, Exception? inner = null)
        => new(message, TimestampFailureKind.InvalidToken, innerException: inner);
}
