using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>
/// Verifies a CRL's signature, or any other signed X.509 structure's, with its issuer's public key:
/// RSA PKCS#1 v1.5, RSASSA-PSS, or ECDSA.
/// </summary>
internal static class CrlSignature
{
    private const string RsaPssOid = "1.2.840.113549.1.1.10";

    private static readonly Dictionary<string, (HashAlgorithmName Hash, bool IsEcdsa)> Algorithms = new()
    {
        ["1.2.840.113549.1.1.5"] = (HashAlgorithmName.SHA1, false),
        ["1.2.840.113549.1.1.11"] = (HashAlgorithmName.SHA256, false),
        ["1.2.840.113549.1.1.12"] = (HashAlgorithmName.SHA384, false),
        ["1.2.840.113549.1.1.13"] = (HashAlgorithmName.SHA512, false),
        ["1.2.840.10045.4.1"] = (HashAlgorithmName.SHA1, true),
        ["1.2.840.10045.4.3.2"] = (HashAlgorithmName.SHA256, true),
        ["1.2.840.10045.4.3.3"] = (HashAlgorithmName.SHA384, true),
        ["1.2.840.10045.4.3.4"] = (HashAlgorithmName.SHA512, true),
    };

    private static readonly Dictionary<string, HashAlgorithmName> PssHashes = new()
    {
        ["1.3.14.3.2.26"] = HashAlgorithmName.SHA1,
        ["2.16.840.1.101.3.4.2.1"] = HashAlgorithmName.SHA256,
        ["2.16.840.1.101.3.4.2.2"] = HashAlgorithmName.SHA384,
        ["2.16.840.1.101.3.4.2.3"] = HashAlgorithmName.SHA512,
    };

    /// <summary>Returns null when the signature verifies with <paramref name="issuer"/>'s key, otherwise the reason.</summary>
    public static string? Verify(CertificateRevocationList crl, X509Certificate2 issuer)
        => Verify("CRL", crl.TbsCertList.Span, crl.SignatureAlgorithmOid, crl.SignatureAlgorithmParameters, crl.SignatureValue.Span, issuer);

    /// <summary>
    /// Returns null when <paramref name="signature"/> over <paramref name="signed"/> verifies with
    /// <paramref name="issuer"/>'s key, otherwise the reason, which names <paramref name="signedObject"/>, for example "certificate".
    /// </summary>
    public static string? Verify(string signedObject, ReadOnlySpan<byte> signed, string algorithmOid, ReadOnlyMemory<byte>? parameters, ReadOnlySpan<byte> signature, X509Certificate2 issuer)
    {
        if (algorithmOid == RsaPssOid)
        {
            return VerifyPss(signedObject, parameters, issuer, signed, signature);
        }

        if (!Algorithms.TryGetValue(algorithmOid, out var algorithm))
        {
            return $"The {signedObject}'s signature algorithm {algorithmOid} is not supported; expected RSA (PKCS#1 v1.5 or PSS) or ECDSA with SHA-1 or SHA-2.";
        }

        if (algorithm.IsEcdsa)
        {
            using ECDsa? ecdsa = issuer.GetECDsaPublicKey();
            return ecdsa is null ? KeyMismatch(signedObject, issuer, "ECDSA")
                : ecdsa.VerifyData(signed, signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence) ? null : WrongKey(signedObject, issuer);
        }

        using RSA? rsa = issuer.GetRSAPublicKey();
        return rsa is null ? KeyMismatch(signedObject, issuer, "RSA")
            : rsa.VerifyData(signed, signature, algorithm.Hash, RSASignaturePadding.Pkcs1) ? null : WrongKey(signedObject, issuer);
    }

    // RSASSA-PSS-params ::= SEQUENCE {                                   -- RFC 4055 §3.1
    //   hashAlgorithm     [0] HashAlgorithm    DEFAULT sha1,
    //   maskGenAlgorithm  [1] MaskGenAlgorithm DEFAULT mgf1SHA1,
    //   saltLength        [2] INTEGER          DEFAULT 20,
    //   trailerField      [3] TrailerField     DEFAULT trailerFieldBC }
    // .NET verifies PSS only with MGF1 over the same hash and a salt as long as the digest, which is
    // what CAs use in practice; other parameters are reported as unsupported rather than guessed.
    private static string? VerifyPss(string signedObject, ReadOnlyMemory<byte>? algorithmParameters, X509Certificate2 issuer, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signature)
    {
        HashAlgorithmName hash = HashAlgorithmName.SHA1;
        int saltLength = 20;
        if (algorithmParameters is { } parameters)
        {
            AsnReader sequence = new AsnReader(parameters, AsnEncodingRules.DER).ReadSequence();
            Asn1Tag hashTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
            if (sequence.HasData && sequence.PeekTag() == hashTag)
            {
                string hashOid = sequence.ReadSequence(hashTag).ReadSequence().ReadObjectIdentifier();
                if (!PssHashes.TryGetValue(hashOid, out hash))
                {
                    return $"The {signedObject}'s RSASSA-PSS hash {hashOid} is not supported.";
                }
            }

            Asn1Tag maskTag = new(TagClass.ContextSpecific, 1, isConstructed: true);
            if (sequence.HasData && sequence.PeekTag() == maskTag)
            {
                sequence.ReadEncodedValue();
            }

            Asn1Tag saltTag = new(TagClass.ContextSpecific, 2, isConstructed: true);
            if (sequence.HasData && sequence.PeekTag() == saltTag)
            {
                sequence.ReadSequence(saltTag).TryReadInt32(out saltLength);
            }
        }

        int digestLength = hash == HashAlgorithmName.SHA1 ? 20 : hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : 64;
        if (saltLength != digestLength)
        {
            return $"The {signedObject}'s RSASSA-PSS salt length {saltLength} differs from the {hash.Name} digest length {digestLength}; only equal lengths are supported.";
        }

        using RSA? rsa = issuer.GetRSAPublicKey();
        return rsa is null ? KeyMismatch(signedObject, issuer, "RSA")
            : rsa.VerifyData(signed, signature, hash, RSASignaturePadding.Pss) ? null : WrongKey(signedObject, issuer);
    }

    private static string KeyMismatch(string signedObject, X509Certificate2 issuer, string expected)
        => $"The {signedObject} is signed with {expected}, but the key of '{issuer.Subject}' is {issuer.PublicKey.Oid.FriendlyName ?? issuer.PublicKey.Oid.Value}.";

    private static string WrongKey(string signedObject, X509Certificate2 issuer)
        => $"The {signedObject}'s signature does not verify with the key of '{issuer.Subject}' (thumbprint {issuer.Thumbprint}).";
}
