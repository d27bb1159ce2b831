using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Timestamping;

namespace CodeSignPS.Core.Signing;

/// <summary>
/// Builds an Authenticode signature (PKCS#7 SignedData over an SpcIndirectDataContent) from the
/// indirect data and a signing key. It never touches files.
/// </summary>
public sealed class AuthenticodeSignatureBuilder : IDisposable
{
    private const string IndividualCodeSigningOid = "1.3.6.1.4.1.311.2.1.21";

    private readonly SigningKey _key;
    private readonly HashAlgorithmName _hashAlgorithm;
    private readonly X509Certificate2Collection _certificates;
    private readonly AsymmetricAlgorithm _keyAdapter;

    /// <summary>
    /// Prepares to sign with <paramref name="key"/>, embedding exactly <paramref name="certificates"/>
    /// (see <see cref="SelectCertificates"/>). One builder serves a whole batch, from several threads.
    /// </summary>
    public AuthenticodeSignatureBuilder(SigningKey key, HashAlgorithmName hashAlgorithm, X509Certificate2Collection certificates)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(certificates);
        _key = key;
        _hashAlgorithm = hashAlgorithm;
        _certificates = certificates;
        _keyAdapter = CreateKeyAdapter(key, hashAlgorithm);
    }

    /// <summary>
    /// Signs <paramref name="indirectData"/> (the DER SpcIndirectDataContent) and returns the DER
    /// ContentInfo that goes into the file.
    /// </summary>
    public static byte[] Build(ReadOnlySpan<byte> indirectData, SigningKey key, HashAlgorithmName hashAlgorithm, ChainInclusion chainInclusion)
    {
        using AuthenticodeSignatureBuilder builder = new(key, hashAlgorithm, SelectCertificates(key, chainInclusion));
        return builder.Sign(indirectData);
    }

    /// <summary>Signs <paramref name="indirectData"/> and returns the DER ContentInfo that goes into the file.</summary>
    public byte[] Sign(ReadOnlySpan<byte> indirectData) => Sign(indirectData, timestampClient: null, CancellationToken.None);

    /// <summary>
    /// Signs <paramref name="indirectData"/>, adds a timestamp token from <paramref name="timestampClient"/>
    /// when one is given, and returns the DER ContentInfo that goes into the file.
    /// </summary>
    /// <exception cref="CodeSignException">No timestamp server returned a usable token (ErrorId TimestampFailed).</exception>
    public byte[] Sign(ReadOnlySpan<byte> indirectData, TimestampClient? timestampClient, CancellationToken cancellationToken)
    {
        // The message digest covers the value octets of SpcIndirectDataContent, not its tag and length.
        AsnDecoder.ReadSequence(indirectData, AsnEncodingRules.DER, out int valueOffset, out int valueLength, out _);
        byte[] valueOctets = indirectData.Slice(valueOffset, valueLength).ToArray();
        SignedCms cms = new(new ContentInfo(new Oid(AuthenticodeOids.SpcIndirectData), valueOctets), detached: true);

        CmsSigner signer = new(SubjectIdentifierType.IssuerAndSerialNumber, _key.Certificate, _keyAdapter)
        {
            DigestAlgorithm = new Oid(AuthenticodeOids.GetDigestOid(_hashAlgorithm)),
            IncludeOption = X509IncludeOption.None,
        };
        signer.Certificates.AddRange(_certificates);
        signer.SignedAttributes.Add(new AsnEncodedData(AuthenticodeOids.SpcSpOpusInfo, EncodeEmptyOpusInfo()));
        signer.SignedAttributes.Add(new AsnEncodedData(AuthenticodeOids.SpcStatementType, EncodeStatementType()));

        cms.ComputeSignature(signer, silent: true);
        if (timestampClient is not null)
        {
            AddTimestamp(cms.SignerInfos[0], timestampClient, cancellationToken);
        }

        return Pkcs7Reshaper.Attach(cms.Encode(), AuthenticodeOids.SpcIndirectData, indirectData);
    }

    public void Dispose() => _keyAdapter.Dispose();

    /// <summary>
    /// Adds the token as the unsigned attribute szOID_RFC3161_counterSign (1.3.6.1.4.1.311.3.3.1),
    /// whose single value is the token's ContentInfo, where signtool puts it. The token's imprint is
    /// the hash of this SignerInfo's encryptedDigest (its signature value).
    /// </summary>
    private static void AddTimestamp(SignerInfo signerInfo, TimestampClient timestampClient, CancellationToken cancellationToken)
    {
        byte[] token = timestampClient.RequestToken(signerInfo.GetSignature(), cancellationToken);
        signerInfo.AddUnsignedAttribute(new AsnEncodedData(AuthenticodeOids.Rfc3161Countersignature, token));
    }

    private static AsymmetricAlgorithm CreateKeyAdapter(SigningKey key, HashAlgorithmName hashAlgorithm)
    {
        AsymmetricAlgorithm? adapter = (AsymmetricAlgorithm?)KeyBackedRsa.TryCreate(key)
            ?? KeyBackedECDsa.TryCreate(key, hashAlgorithm);
        return adapter ?? throw new CodeSignException(
            "UnsupportedKeyAlgorithm",
            FailureCategory.InvalidArgument,
            $"The certificate '{key.Certificate.Subject}' has a {key.Certificate.PublicKey.Oid.FriendlyName} key; only RSA and ECDSA keys can sign.",
            key.Certificate.Thumbprint);
    }

    /// <summary>The signer certificate first, then the CA certificates that the inclusion option selects.</summary>
    public static X509Certificate2Collection SelectCertificates(SigningKey key, ChainInclusion chainInclusion)
    {
        X509Certificate2Collection selected = new() { key.Certificate };
        if (chainInclusion == ChainInclusion.Signer)
        {
            return selected;
        }

        using X509Chain chain = new();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllFlags;
        chain.ChainPolicy.ExtraStore.AddRange(key.AdditionalCertificates.ToArray());
        chain.Build(key.Certificate);

        for (int i = 1; i < chain.ChainElements.Count; i++)
        {
            X509Certificate2 certificate = chain.ChainElements[i].Certificate;
            bool isRoot = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
            if (!isRoot || chainInclusion == ChainInclusion.All)
            {
                selected.Add(certificate);
            }
        }

        return selected;
    }

    // SpcSpOpusInfo ::= SEQUENCE {
    //     programName [0] EXPLICIT SpcString OPTIONAL,
    //     moreInfo    [1] EXPLICIT SpcLink OPTIONAL }
    // (Microsoft, Windows Authenticode Portable Executable Signature Format.) Both fields are left
    // out, as Set-AuthenticodeSignature does.
    private static byte[] EncodeEmptyOpusInfo()
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        writer.PushSequence();
        writer.PopSequence();
        return writer.Encode();
    }

    // SpcStatementType ::= SEQUENCE of OBJECT IDENTIFIER
    // with SPC_INDIVIDUAL_SP_KEY_PURPOSE_OBJID (1.3.6.1.4.1.311.2.1.21) for individual code signing.
    private static byte[] EncodeStatementType()
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(IndividualCodeSigningOid);
        }

        return writer.Encode();
    }
}
