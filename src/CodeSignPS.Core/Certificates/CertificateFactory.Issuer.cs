using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

public static partial class CertificateFactory
{
    // A CA certificate has CA=true in basic constraints and keyCertSign in its key usage, and its path
    // length must leave room for another CA when one is requested (RFC 5280, 4.2.1.3 and 4.2.1.9).
    private static void CheckIssuer(X509Certificate2 issuer, bool issuingAuthority)
    {
        string described = $"{issuer.Subject} (thumbprint {issuer.Thumbprint})";
        X509BasicConstraintsExtension? constraints = issuer.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (constraints is null || !constraints.CertificateAuthority)
        {
            throw NotAuthority(issuer, $"The issuer {described} is not a CA certificate: its basic constraints do not say CA=true.");
        }

        X509KeyUsageExtension? usage = issuer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is not null && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            throw NotAuthority(issuer, $"The issuer {described} may not sign certificates: its key usage ({usage.KeyUsages}) lacks keyCertSign.");
        }

        if (issuingAuthority && constraints.HasPathLengthConstraint && constraints.PathLengthConstraint == 0)
        {
            throw NotAuthority(issuer, $"The issuer {described} has path length constraint 0, so it may not issue another CA certificate.");
        }

        if (!issuer.HasPrivateKey)
        {
            throw new CodeSignException(
                CertificateFactoryErrorIds.IssuerPrivateKeyMissing,
                FailureCategory.InvalidArgument,
                $"The issuer {described} has no private key, so it cannot sign. " +
                "Load the CA from its PFX file (Get-PfxCertificate or Import-PfxCertificate) or from a store entry with its key.",
                issuer.Thumbprint);
        }
    }

    private static CodeSignException NotAuthority(X509Certificate2 issuer, string message) => new(
        CertificateFactoryErrorIds.IssuerNotCertificateAuthority,
        FailureCategory.InvalidArgument,
        message + " Give a CA certificate made with -CertificateAuthority.",
        issuer.Thumbprint);

    private static AsymmetricAlgorithm OpenIssuerKey(X509Certificate2 issuer)
    {
        AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)issuer.GetRSAPrivateKey() ?? issuer.GetECDsaPrivateKey();
        return key ?? throw new CodeSignException(
            CertificateFactoryErrorIds.IssuerPrivateKeyMissing,
            FailureCategory.InvalidArgument,
            $"The private key of the issuer {issuer.Subject} (thumbprint {issuer.Thumbprint}) is neither RSA nor ECDSA, or cannot be opened.",
            issuer.Thumbprint);
    }

    private static bool IsAuthority(X509Certificate2? certificate) =>
        certificate?.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority == true;

    private static bool IsSelfIssued(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}
