using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Tests.DetachedBreaker;

/// <summary>
/// Builds a detached RSA SignedData by hand, with a caller-chosen message-digest attribute, so that
/// the signature value is genuine and only the attribute under test is wrong.
/// </summary>
internal static class HandMadeDetachedCms
{
    private const string SignedData = "1.2.840.113549.1.7.2";
    private const string Data = "1.2.840.113549.1.7.1";
    private const string ContentType = "1.2.840.113549.1.9.3";
    private const string MessageDigest = "1.2.840.113549.1.9.4";
    private const string Sha256 = "2.16.840.1.101.3.4.2.1";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";

    public static byte[] Build(X509Certificate2 leaf, X509Certificate2 intermediate, byte[] messageDigest)
    {
        byte[] attributes = SignedAttributes(messageDigest);
        using RSA key = leaf.GetRSAPrivateKey()!;
        byte[] signature = key.SignData(attributes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

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
                    WriteAlgorithm(writer, Sha256, withNull: false);
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
                    WriteSignerInfo(writer, leaf, attributes, signature);
                }
            }
        }

        return writer.Encode();
    }

    private static void WriteSignerInfo(AsnWriter writer, X509Certificate2 leaf, byte[] attributes, byte[] signature)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(leaf.IssuerName.RawData);
                writer.WriteInteger(leaf.SerialNumberBytes.Span);
            }

            WriteAlgorithm(writer, Sha256, withNull: false);
            byte[] implicitAttributes = (byte[])attributes.Clone();
            implicitAttributes[0] = 0xA0; // [0] IMPLICIT in place of the SET OF tag that was signed.
            writer.WriteEncodedValue(implicitAttributes);
            WriteAlgorithm(writer, RsaEncryption, withNull: true);
            writer.WriteOctetString(signature);
        }
    }

    private static byte[] SignedAttributes(byte[] messageDigest)
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
                    writer.WriteOctetString(messageDigest);
                }
            }
        }

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
