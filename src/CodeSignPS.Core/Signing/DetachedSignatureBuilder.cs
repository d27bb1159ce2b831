using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Signing;

/// <summary>
/// Builds a detached CMS SignedData (RFC 5652) from the digest of some content and a signing key:
/// eContentType id-data without eContent, and the signed attributes content type, signing time,
/// message digest and CMS algorithm protection (RFC 6211). It never touches files, and one builder
/// serves a whole batch from several threads.
/// </summary>
public sealed class DetachedSignatureBuilder
{
    private readonly SigningKey _key;
    private readonly X509Certificate2Collection _certificates;
    private readonly bool _isEcdsa;
    private readonly byte[] _digestAlgorithm;
    private readonly byte[] _signatureAlgorithm;

    /// <summary>Prepares to sign with <paramref name="key"/>, embedding exactly <paramref name="certificates"/>.</summary>
    /// <exception cref="CodeSignException">The key is neither RSA nor ECDSA (UnsupportedKeyAlgorithm).</exception>
    public DetachedSignatureBuilder(SigningKey key, HashAlgorithmName hashAlgorithm, X509Certificate2Collection certificates)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(certificates);
        _key = key;
        _certificates = certificates;
        HashAlgorithm = hashAlgorithm;
        _isEcdsa = IsEcdsa(key.Certificate);
        _digestAlgorithm = CmsSignedDataWriter.EncodeAlgorithmIdentifier(AuthenticodeOids.GetDigestOid(hashAlgorithm), nullParameters: false);
        _signatureAlgorithm = _isEcdsa
            ? CmsSignedDataWriter.EncodeAlgorithmIdentifier(EcdsaOid(hashAlgorithm), nullParameters: false)
            : CmsSignedDataWriter.EncodeAlgorithmIdentifier(CmsOids.RsaEncryption, nullParameters: true);
    }

    public HashAlgorithmName HashAlgorithm { get; }

    /// <summary>
    /// Signs <paramref name="contentDigest"/> and returns the DER ContentInfo of the .p7s file.
    /// </summary>
    /// <param name="contentDigest">The <see cref="HashAlgorithm"/> digest of the content.</param>
    /// <param name="signingTime">The signing time attribute; the signer's clock, not a trusted time.</param>
    /// <param name="requestTimestamp">
    /// Called with the signature value; returns the DER RFC 3161 token to add as the
    /// id-aa-timeStampToken unsigned attribute. Null for no timestamp.
    /// </param>
    public byte[] Sign(ReadOnlySpan<byte> contentDigest, DateTimeOffset signingTime, Func<byte[], byte[]>? requestTimestamp = null)
    {
        if (contentDigest.Length != AuthenticodeOids.GetDigestLength(HashAlgorithm))
        {
            throw new ArgumentException($"A {HashAlgorithm.Name} digest has {AuthenticodeOids.GetDigestLength(HashAlgorithm)} bytes, not {contentDigest.Length}.", nameof(contentDigest));
        }

        byte[] signedAttributes = CmsSignedDataWriter.EncodeSignedAttributes(contentDigest, signingTime, _digestAlgorithm, _signatureAlgorithm);
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithm);
        hash.AppendData(signedAttributes);
        byte[] attributesHash = hash.GetHashAndReset();
        byte[] signature = _key.SignHash(attributesHash, HashAlgorithm);
        if (_isEcdsa)
        {
            signature = EncodeEcdsaSignature(signature);
        }

        byte[]? token = requestTimestamp?.Invoke(signature);
        DetachedSignerInfo signer = new(_key.Certificate, _digestAlgorithm, signedAttributes, _signatureAlgorithm, signature, token);
        return CmsSignedDataWriter.EncodeContentInfo(signer, _certificates);
    }

    private static bool IsEcdsa(X509Certificate2 certificate)
    {
        using RSA? rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return false;
        }

        using ECDsa? ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            return true;
        }

        throw new CodeSignException(
            "UnsupportedKeyAlgorithm",
            FailureCategory.InvalidArgument,
            $"The certificate '{certificate.Subject}' has a {certificate.PublicKey.Oid.FriendlyName} key; only RSA and ECDSA keys can sign.",
            certificate.Thumbprint);
    }

    private static string EcdsaOid(HashAlgorithmName hashAlgorithm)
    {
        if (hashAlgorithm == HashAlgorithmName.SHA256) return CmsOids.EcdsaWithSha256;
        if (hashAlgorithm == HashAlgorithmName.SHA384) return CmsOids.EcdsaWithSha384;
        if (hashAlgorithm == HashAlgorithmName.SHA512) return CmsOids.EcdsaWithSha512;
        throw new ArgumentException($"Detached ECDSA signatures use SHA256, SHA384 or SHA512, not {hashAlgorithm.Name}.", nameof(hashAlgorithm));
    }

    // SigningKey returns r || s (IEEE P1363); CMS carries
    // Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }   (RFC 5753 §7.2, RFC 3279 §2.2.3)
    internal static byte[] EncodeEcdsaSignature(byte[] ieeeP1363)
    {
        if (ieeeP1363.Length == 0 || ieeeP1363.Length % 2 != 0)
        {
            throw new CryptographicException($"The signing key returned a {ieeeP1363.Length}-byte ECDSA signature; r || s of equal halves was expected.");
        }

        int half = ieeeP1363.Length / 2;
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(WithoutLeadingZeros(ieeeP1363.AsSpan(0, half)));
            writer.WriteIntegerUnsigned(WithoutLeadingZeros(ieeeP1363.AsSpan(half)));
        }

        return writer.Encode();
    }

    // P1363 pads r and s to the field size, and WriteIntegerUnsigned rejects a leading zero byte as
    // not minimal, which about one signature in 128 has.
    private static ReadOnlySpan<byte> WithoutLeadingZeros(ReadOnlySpan<byte> value)
    {
        int start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }
}
