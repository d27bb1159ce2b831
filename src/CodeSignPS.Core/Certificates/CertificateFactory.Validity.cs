using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

public static partial class CertificateFactory
{
    /// <summary>
    /// Works out the validity period. An explicit end after the issuer's NotAfter is an error. The
    /// default end is cut to the issuer's NotAfter, because a chain is only as valid as its shortest link.
    /// </summary>
    internal static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) ResolveValidity(
        CertificateProfile profile, X509Certificate2? issuer, DateTimeOffset now)
    {
        if (profile.NotAfter is not null && profile.ValidityDays is not null)
        {
            throw ValidityInvalid("Give either NotAfter or ValidityDays, not both.");
        }

        if (profile.ValidityDays is <= 0)
        {
            throw ValidityInvalid($"ValidityDays must be at least 1; found {profile.ValidityDays}.");
        }

        DateTimeOffset notBefore = now - ClockSkewAllowance;
        bool explicitEnd = profile.NotAfter is not null || profile.ValidityDays is not null;
        int defaultDays = DescribesAuthority(profile) ? DefaultAuthorityValidityDays : DefaultLeafValidityDays;
        DateTimeOffset notAfter = profile.NotAfter ?? now.AddDays(profile.ValidityDays ?? defaultDays);
        if (notAfter <= now)
        {
            throw ValidityInvalid($"NotAfter {notAfter.UtcDateTime:u} is not in the future.");
        }

        if (issuer is null)
        {
            return (notBefore, notAfter);
        }

        DateTimeOffset issuerNotBefore = new(issuer.NotBefore.ToUniversalTime());
        DateTimeOffset issuerNotAfter = new(issuer.NotAfter.ToUniversalTime());
        if (now < issuerNotBefore || now > issuerNotAfter)
        {
            throw new CodeSignException(
                CertificateFactoryErrorIds.IssuerNotTimeValid,
                FailureCategory.InvalidArgument,
                $"The issuer {issuer.Subject} (thumbprint {issuer.Thumbprint}) is valid from {issuerNotBefore.UtcDateTime:u} " +
                $"to {issuerNotAfter.UtcDateTime:u}, which does not include now. Renew the CA certificate first.",
                issuer.Thumbprint);
        }

        if (notAfter > issuerNotAfter)
        {
            if (explicitEnd)
            {
                throw new CodeSignException(
                    CertificateFactoryErrorIds.ValidityBeyondIssuer,
                    FailureCategory.InvalidArgument,
                    $"The requested NotAfter {notAfter.UtcDateTime:u} is later than the issuer's NotAfter {issuerNotAfter.UtcDateTime:u} " +
                    $"({issuer.Subject}). Ask for a shorter validity, or renew the CA certificate first.",
                    issuer.Thumbprint);
            }

            notAfter = issuerNotAfter;
        }

        return (notBefore < issuerNotBefore ? issuerNotBefore : notBefore, notAfter);
    }

    private static CodeSignException ValidityInvalid(string message) =>
        new(CertificateFactoryErrorIds.ValidityInvalid, FailureCategory.InvalidArgument, "The validity period is invalid: " + message);
}
