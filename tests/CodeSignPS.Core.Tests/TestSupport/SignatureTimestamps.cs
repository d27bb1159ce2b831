using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;

namespace CodeSignPS.Core.Tests.TestSupport;

/// <summary>
/// Reads and changes the timestamp of a signed script's signer: decodes the signature block, adds
/// an unsigned attribute or a countersignature, and writes the block back in the PKCS#7 v1 shape.
/// </summary>
public static class SignatureTimestamps
{
    public const string AuthenticodeTokenOid = "1.3.6.1.4.1.311.3.3.1";

    /// <summary>Returns the signer's signature value, which a timestamp stamps.</summary>
    public static byte[] SignatureValueOf(string path) => DecodeSignature(path).SignerInfos[0].GetSignature();

    /// <summary>Returns the RFC 3161 token in the signer's unsigned attributes, for splicing it elsewhere.</summary>
    public static byte[] ReadToken(string path)
    {
        foreach (CryptographicAttributeObject attribute in DecodeSignature(path).SignerInfos[0].UnsignedAttributes)
        {
            if (attribute.Oid.Value == AuthenticodeTokenOid)
            {
                return attribute.Values[0].RawData;
            }
        }

        throw new InvalidOperationException($"'{path}' has no RFC 3161 timestamp token.");
    }

    /// <summary>Adds <paramref name="token"/> as the unsigned attribute <paramref name="attributeOid"/> of the signer.</summary>
    public static void AttachToken(string path, byte[] token, string attributeOid = AuthenticodeTokenOid)
        => Rewrite(path, cms => cms.SignerInfos[0].AddUnsignedAttribute(new AsnEncodedData(attributeOid, token)));

    /// <summary>Adds a PKCS#9 countersignature by <paramref name="tsa"/> with the signing time <paramref name="time"/>.</summary>
    public static void AttachCountersignature(string path, X509Certificate2 tsa, DateTimeOffset time)
    {
        CmsSigner counterSigner = new(SubjectIdentifierType.IssuerAndSerialNumber, tsa)
        {
            IncludeOption = X509IncludeOption.EndCertOnly,
            DigestAlgorithm = new Oid(AuthenticodeOids.Sha256),
        };
        counterSigner.SignedAttributes.Add(new Pkcs9SigningTime(time.UtcDateTime));
        Rewrite(path, cms => cms.SignerInfos[0].ComputeCounterSignature(counterSigner));
    }

    /// <summary>Replaces the signer's unsigned attributes by whatever <paramref name="change"/> returns for the encoded token.</summary>
    public static void ChangeToken(string path, Func<byte[], byte[]> change)
    {
        byte[] token = ReadToken(path);
        Rewrite(path, cms =>
        {
            SignerInfo signer = cms.SignerInfos[0];
            signer.RemoveUnsignedAttribute(new AsnEncodedData(AuthenticodeTokenOid, token));
            signer.AddUnsignedAttribute(new AsnEncodedData(AuthenticodeTokenOid, change(token)));
        });
    }

    private static SignedCms DecodeSignature(string path)
    {
        ParsedArtifact parsed = ArtifactFormatFactory.TryGetFormat(path)!.Parse(File.ReadAllBytes(path), FormatOptions.Default);
        SignedCms cms = new();
        cms.Decode(parsed.Signature!);
        return cms;
    }

    private static void Rewrite(string path, Action<SignedCms> change)
    {
        ArtifactFormat format = ArtifactFormatFactory.TryGetFormat(path)!;
        ParsedArtifact parsed = format.Parse(File.ReadAllBytes(path), FormatOptions.Default);
        SignedCms cms = new();
        cms.Decode(parsed.Signature!);
        change(cms);

        // SignedCms writes version 3 with the content in an OCTET STRING; Authenticode readers expect
        // PKCS#7 v1 with the SpcIndirectDataContent in place, as the signer writes it.
        byte[] reshaped = Pkcs7Reshaper.Attach(cms.Encode(), AuthenticodeOids.SpcIndirectData, cms.ContentInfo.Content);
        File.WriteAllBytes(path, format.Embed(parsed.Content, reshaped, FormatOptions.Default));
    }
}
