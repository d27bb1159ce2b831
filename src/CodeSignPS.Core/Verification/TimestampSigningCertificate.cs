using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Checks that the certificate which signed a timestamp token is the one its signing certificate
/// attribute names, so that a token cannot be re-signed under another certificate with the same
/// issuer and serial number.
/// </summary>
internal static class TimestampSigningCertificate
{
    /// <summary>id-aa-signingCertificate (RFC 2634, 5.4).</summary>
    private const string SigningCertificateOid = "1.2.840.113549.1.9.16.2.12";

    /// <summary>id-aa-signingCertificateV2 (RFC 5035, 3).</summary>
    private const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";

    /// <summary>Returns why <paramref name="certificate"/> is not the one the token names, or null when it is.</summary>
    /// <exception cref="CryptographicException">The attribute cannot be decoded.</exception>
    public static string? FindMismatch(SignerInfo tokenSigner, X509Certificate2 certificate)
    {
        bool found = false;
        foreach (CryptographicAttributeObject attribute in tokenSigner.SignedAttributes)
        {
            bool isV2 = attribute.Oid.Value == SigningCertificateV2Oid;
            if (!isV2 && attribute.Oid.Value != SigningCertificateOid)
            {
                continue;
            }

            foreach (AsnEncodedData value in attribute.Values)
            {
                found = true;
                (HashAlgorithmName algorithm, byte[] hash) = ReadFirstCertId(value.RawData, isV2);
                using IncrementalHash certificateHash = IncrementalHash.CreateHash(algorithm);
                certificateHash.AppendData(certificate.RawData);
                byte[] actual = certificateHash.GetHashAndReset();
                if (!CryptographicOperations.FixedTimeEquals(actual, hash))
                {
                    return $"the token's signing certificate attribute names the certificate with {algorithm.Name} hash {Convert.ToHexString(hash)}, " +
                        $"but it was signed with '{certificate.Subject}', whose hash is {Convert.ToHexString(actual)}";
                }
            }
        }

        // RFC 3161, 2.4.2 (and RFC 5816): the TSA's ESSCertID or ESSCertIDv2 MUST be included.
        return found ? null : "the token has no signing certificate attribute (ESSCertID or ESSCertIDv2) naming its TSA certificate";
    }

    // SigningCertificate ::= SEQUENCE {                  RFC 2634, 5.4
    //   certs        SEQUENCE OF ESSCertID,
    //   policies     SEQUENCE OF PolicyInformation OPTIONAL }
    // ESSCertID ::= SEQUENCE {
    //   certHash     Hash,                              -- SHA-1 of the whole certificate
    //   issuerSerial IssuerSerial OPTIONAL }
    // SigningCertificateV2 ::= SEQUENCE {                RFC 5035, 3
    //   certs        SEQUENCE OF ESSCertIDv2,
    //   policies     SEQUENCE OF PolicyInformation OPTIONAL }
    // ESSCertIDv2 ::= SEQUENCE {
    //   hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
    //   certHash      Hash,
    //   issuerSerial  IssuerSerial OPTIONAL }
    // The first certificate identifier names the signing certificate; the others are for policy checks.
    private static (HashAlgorithmName Algorithm, byte[] Hash) ReadFirstCertId(byte[] encoded, bool isV2)
    {
        try
        {
            AsnReader certId = new AsnReader(encoded, AsnEncodingRules.BER).ReadSequence().ReadSequence().ReadSequence();
            HashAlgorithmName algorithm = HashAlgorithmName.SHA1;
            if (isV2)
            {
                algorithm = HashAlgorithmName.SHA256;
                if (certId.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    string oid = certId.ReadSequence().ReadObjectIdentifier();
                    algorithm = Authenticode.AuthenticodeOids.TryGetHashAlgorithm(oid)
                        ?? throw new CryptographicException($"The signing certificate attribute uses the unsupported hash algorithm {oid}.");
                }
            }

            return (algorithm, certId.ReadOctetString());
        }
        catch (AsnContentException ex)
        {
            throw new CryptographicException($"The signing certificate attribute cannot be decoded: {ex.Message}", ex);
        }
    }
}
