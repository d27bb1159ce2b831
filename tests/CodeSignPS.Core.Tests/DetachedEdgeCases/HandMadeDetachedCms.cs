using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Tests.DetachedEdgeCases;

/// <summary>
/// Builds a detached RSA or ECDSA SignedData by hand, with a caller-chosen message-digest attribute
/// and algorithm fields, so that the signature value is genuine and only the field under test is wrong.
/// </summary>
internal static class HandMadeDetachedCms
{
    private const string SignedData = "1.2.840.113549.1.7.2";
    private const string Data = "1.2.840.113549.1.7.1";
    private const string ContentType = "1.2.840.113549.1.9.3";
    private const string MessageDigest = "1.2.840.113549.1.9.4";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";

    public static string OidOf(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => "2.16.840.1.101.3.4.2.1",
        "SHA384" => "2.16.840.1.101.3.4.2.2",
        "SHA512" => "2.16.840.1.101.3.4.2.3",
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, "Only SHA-2 digests are built."),
    };

    public static string EcdsaOidOf(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => "1.2.840.10045.4.3.2",
        "SHA384" => "1.2.840.10045.4.3.3",
        "SHA512" => "1.2.840.10045.4.3.4",
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, "Only SHA-2 digests are built."),
    };

    public static byte[] Build(X509Certificate2 leaf, X509Certificate2 intermediate, byte[] messageDigest, HandMadeCmsShape? shape = null)
    {
        shape ??= new HandMadeCmsShape();
        byte[] attributes = SignedAttributes(shape.EncodedMessageDigestValue ?? EncodeOctetString(messageDigest));
        (byte[] signature, string signatureAlgorithm) = SignAttributes(leaf, attributes, shape);

        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    foreach (string oid in shape.DigestAlgorithmsSet ?? [OidOf(shape.Hash)])
                    {
                        WriteAlgorithm(writer, oid, withNull: false);
                    }
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Data);
                }

                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    writer.WriteEncodedValue(leaf.RawData);
                    writer.WriteEncodedValue(intermediate.RawData);
                }

                using (writer.PushSetOf())
                {
                    if (!shape.WithoutSigner)
                    {
                        WriteSignerInfo(writer, leaf, OidOf(shape.Hash), attributes, signatureAlgorithm, signature);
                    }
                }
            }
        }

        return writer.Encode();
    }

    private static (byte[] Signature, string Algorithm) SignAttributes(X509Certificate2 leaf, byte[] attributes, HandMadeCmsShape shape)
    {
        using RSA? rsa = leaf.GetRSAPrivateKey();
        if (rsa is not null)
        {
            return (rsa.SignData(attributes, shape.Hash, RSASignaturePadding.Pkcs1), shape.SignatureAlgorithm ?? RsaEncryption);
        }

        using ECDsa ecdsa = leaf.GetECDsaPrivateKey()!;
        byte[] signature = ecdsa.SignData(attributes, shape.Hash, DSASignatureFormat.Rfc3279DerSequence);
        return (signature, shape.SignatureAlgorithm ?? EcdsaOidOf(shape.Hash));
    }

    private static void WriteSignerInfo(AsnWriter writer, X509Certificate2 leaf, string digestAlgorithm, byte[] attributes, string signatureAlgorithm, byte[] signature)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(leaf.IssuerName.RawData);
                writer.WriteInteger(leaf.SerialNumberBytes.Span);
            }

            WriteAlgorithm(writer, digestAlgorithm, withNull: false);
            byte[] implicitAttributes = (byte[])attributes.Clone();
            implicitAttributes[0] = 0xA0; // [0] IMPLICIT in place of the SET OF tag that was signed.
            writer.WriteEncodedValue(implicitAttributes);
            WriteAlgorithm(writer, signatureAlgorithm, withNull: signatureAlgorithm.StartsWith("1.2.840.113549", StringComparison.Ordinal));
            writer.WriteOctetString(signature);
        }
    }

    private static byte[] SignedAttributes(byte[] encodedMessageDigest)
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(ContentType);
                using (writer.PushSetOf())
                {
                    writer.WriteObjectIdentifier(Data);
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(MessageDigest);
                using (writer.PushSetOf())
                {
                    writer.WriteEncodedValue(encodedMessageDigest);
                }
            }
        }

        return writer.Encode();
    }

    private static byte[] EncodeOctetString(byte[] value)
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        writer.WriteOctetString(value);
        return writer.Encode();
    }

    private static void WriteAlgorithm(AsnWriter writer, string oid, bool withNull)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (withNull)
            {
                writer.WriteNull();
            }
        }
    }
}
