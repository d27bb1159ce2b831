using System.Collections.ObjectModel;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

public static partial class CertificateFactory
{
    internal const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";
    internal const string CertificatePoliciesOid = "2.5.29.32";
    internal const string CrlDistributionPointsOid = "2.5.29.31";
    internal const string AuthorityInformationAccessOid = "1.3.6.1.5.5.7.1.1";

    // Extensions that a renewal keeps. Key identifiers are left out because they describe keys.
    private static readonly string[] RenewedExtensionOids =
    [
        "2.5.29.19", // basic constraints
        "2.5.29.15", // key usage
        "2.5.29.37", // extended key usage
        CertificatePoliciesOid,
        CrlDistributionPointsOid,
        AuthorityInformationAccessOid,
    ];

    private static void AddExtensions(
        CertificateRequest request, CertificateProfile profile, X509SubjectKeyIdentifierExtension subjectKeyIdentifier, X509Certificate2? issuer)
    {
        Collection<X509Extension> extensions = request.CertificateExtensions;
        foreach (X509Extension extension in UsageExtensions(profile))
        {
            extensions.Add(extension);
        }

        extensions.Add(subjectKeyIdentifier);
        extensions.Add(issuer is null
            ? X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyIdentifier)
            : AuthorityKeyIdentifier(issuer));
    }

    /// <summary>
    /// The issuer's subject key identifier as the authority key identifier. A CA made elsewhere may
    /// have none; then the identifier is computed from its public key by RFC 5280 section 4.2.1.2,
    /// method (1): the SHA-1 hash of the subjectPublicKey BIT STRING value, which is what .NET's
    /// SHA-1 subject key identifier computes and what most CAs put in their own certificates.
    /// </summary>
    internal static X509AuthorityKeyIdentifierExtension AuthorityKeyIdentifier(X509Certificate2 issuer)
    {
        if (issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Any())
        {
            return X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false);
        }

        var computed = new X509SubjectKeyIdentifierExtension(issuer.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, critical: false);
        return X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(computed);
    }

    /// <summary>
    /// Returns the usage and revocation URL extensions. When renewing they are the old certificate's,
    /// with the given URLs replacing its own. Otherwise they are those of a new leaf or CA.
    /// </summary>
    internal static List<X509Extension> UsageExtensions(CertificateProfile profile)
    {
        List<X509Extension> extensions = profile.RenewFrom is { } old
            ? old.Extensions.Where(extension => RenewedExtensionOids.Contains(extension.Oid?.Value)).Select(Copy).ToList()
            : NewUsageExtensions(profile.CertificateAuthority);

        if (profile.CrlDistributionPoints.Count > 0)
        {
            extensions.RemoveAll(extension => extension.Oid?.Value == CrlDistributionPointsOid);
            extensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(
                profile.CrlDistributionPoints.Select(uri => uri.AbsoluteUri), critical: false));
        }

        if (profile.OcspUris.Count > 0 || profile.CAIssuersUris.Count > 0)
        {
            extensions.RemoveAll(extension => extension.Oid?.Value == AuthorityInformationAccessOid);
            extensions.Add(new X509AuthorityInformationAccessExtension(
                profile.OcspUris.Select(uri => uri.AbsoluteUri), profile.CAIssuersUris.Select(uri => uri.AbsoluteUri), critical: false));
        }

        return extensions;
    }

    private static List<X509Extension> NewUsageExtensions(bool certificateAuthority)
    {
        if (certificateAuthority)
        {
            // No EKU on a CA: an EKU there would narrow what every certificate below it may do.
            return
            [
                new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true),
                new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true),
            ];
        }

        return
        [
            new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true),
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true),
            new X509EnhancedKeyUsageExtension([new Oid(CodeSigningOid)], critical: false),
        ];
    }

    private static X509Extension Copy(X509Extension extension) => new(extension.Oid!, extension.RawData, extension.Critical);

    internal static void CheckUris(CertificateProfile profile)
    {
        foreach (Uri uri in profile.CrlDistributionPoints.Concat(profile.OcspUris).Concat(profile.CAIssuersUris))
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != "ldap"))
            {
                throw new CodeSignException(
                    CertificateFactoryErrorIds.UriInvalid,
                    FailureCategory.InvalidArgument,
                    $"The URL '{uri.OriginalString}' is not an absolute http, https or ldap URL. Give the full URL, for example 'http://pki.example.com/ca.crl'.",
                    uri.OriginalString);
            }
        }
    }
}
