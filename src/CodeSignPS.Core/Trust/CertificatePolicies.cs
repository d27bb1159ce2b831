using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>Reads the policy OIDs of a certificate's certificatePolicies extension (2.5.29.32).</summary>
public static class CertificatePolicies
{
    /// <summary>OID of the certificatePolicies extension.</summary>
    public const string ExtensionOid = "2.5.29.32";

    /// <summary>Returns the policy identifiers in extension order; empty when the extension is absent or malformed.</summary>
    public static IReadOnlyList<string> GetPolicyOids(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);

        X509Extension? extension = certificate.Extensions[ExtensionOid];
        return extension is null ? Array.Empty<string>() : Decode(extension.RawData);
    }

    // RFC 5280, section 4.2.1.4:
    //
    //   certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
    //
    //   PolicyInformation ::= SEQUENCE {
    //        policyIdentifier   CertPolicyId,
    //        policyQualifiers   SEQUENCE SIZE (1..MAX) OF
    //                                PolicyQualifierInfo OPTIONAL }
    //
    //   CertPolicyId ::= OBJECT IDENTIFIER
    //
    // Only the identifiers matter for the validation level, so each qualifier sequence is read as
    // one encoded value and skipped without decoding.

    /// <summary>Decodes the extension value; malformed DER gives an empty list so a bad extension never raises.</summary>
    internal static IReadOnlyList<string> Decode(ReadOnlyMemory<byte> extensionValue)
    {
        try
        {
            var reader = new AsnReader(extensionValue, AsnEncodingRules.DER);
            AsnReader policies = reader.ReadSequence();
            reader.ThrowIfNotEmpty();

            var oids = new List<string>();
            while (policies.HasData)
            {
                AsnReader policyInformation = policies.ReadSequence();
                oids.Add(policyInformation.ReadObjectIdentifier());

                if (policyInformation.HasData)
                {
                    policyInformation.ReadSequence();
                }

                policyInformation.ThrowIfNotEmpty();
            }

            // SIZE (1..MAX): an empty sequence is as malformed as a truncated one.
            return oids.Count == 0 ? Array.Empty<string>() : oids;
        }
        catch (AsnContentException)
        {
            return Array.Empty<string>();
        }
        catch (CryptographicException)
        {
            return Array.Empty<string>();
        }
    }
}
