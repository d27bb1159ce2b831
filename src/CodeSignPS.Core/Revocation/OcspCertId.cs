using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Revocation;

/// <summary>
/// The identifier of a certificate in OCSP: hashes of its issuer's name and key, and its serial number.
/// </summary>
/// <remarks>
/// RFC 6960 §4.1.1:
/// <code>
///   CertID ::= SEQUENCE {
///       hashAlgorithm       AlgorithmIdentifier,
///       issuerNameHash      OCTET STRING, -- Hash of issuer's DN
///       issuerKeyHash       OCTET STRING, -- Hash of issuer's public key
///       serialNumber        CertificateSerialNumber }
/// </code>
/// The key hash covers the value of the issuer's subjectPublicKey BIT STRING, without tag, length and
/// unused-bits count, which is what <see cref="PublicKey.EncodedKeyValue"/> holds.
/// </remarks>
internal sealed record OcspCertId(string HashOid, byte[] IssuerNameHash, byte[] IssuerKeyHash, BigInteger SerialNumber)
{
    internal const string Sha1Oid = "1.3.14.3.2.26";
    internal const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    /// <summary>Computes the CertID of <paramref name="certificate"/> issued by <paramref name="issuer"/>.</summary>
    internal static OcspCertId Create(X509Certificate2 certificate, X509Certificate2 issuer, HashAlgorithmName hash)
    {
        string oid = hash == HashAlgorithmName.SHA1 ? Sha1Oid
            : hash == HashAlgorithmName.SHA256 ? Sha256Oid
            : throw new ArgumentException($"OCSP certificate IDs use SHA1 or SHA256, not {hash.Name}.", nameof(hash));
        byte[] nameHash = Hash(oid, issuer.SubjectName.RawData);
        byte[] keyHash = Hash(oid, issuer.PublicKey.EncodedKeyValue.RawData);
        return new OcspCertId(oid, nameHash, keyHash, new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true));
    }

    internal void Write(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(HashOid);
                writer.WriteNull();
            }

            writer.WriteOctetString(IssuerNameHash);
            writer.WriteOctetString(IssuerKeyHash);
            writer.WriteInteger(SerialNumber);
        }
    }

    internal static OcspCertId Read(AsnReader reader)
    {
        AsnReader sequence = reader.ReadSequence();
        AsnReader algorithm = sequence.ReadSequence();
        string oid = algorithm.ReadObjectIdentifier();
        byte[] nameHash = sequence.ReadOctetString();
        byte[] keyHash = sequence.ReadOctetString();
        BigInteger serial = sequence.ReadInteger();
        return new OcspCertId(oid, nameHash, keyHash, serial);
    }

    /// <summary>Whether <paramref name="other"/> names the same certificate with the same hash algorithm.</summary>
    internal bool Matches(OcspCertId other)
        => HashOid == other.HashOid
            && IssuerNameHash.AsSpan().SequenceEqual(other.IssuerNameHash)
            && IssuerKeyHash.AsSpan().SequenceEqual(other.IssuerKeyHash)
            && SerialNumber == other.SerialNumber;

    internal static byte[] Hash(string oid, byte[] data) => oid == Sha1Oid ? SHA1.HashData(data) : SHA256.HashData(data);
}
