using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// The checks on what a certificate may be used for: the code signing EKU, digitalSignature in the
/// key usage, and an RSA or ECDSA key. The same rules as the signing key loaders, but reported as a
/// list instead of thrown, so an inventory can show every problem at once.
/// </summary>
internal static class CertificateUsageCheck
{
    public static List<CertificateFitnessReason> Run(X509Certificate2 certificate, CertificateKeyDescription key)
    {
        var reasons = new List<CertificateFitnessReason>();
        string name = CodeSigningRequirements.Describe(certificate);

        // RFC 5280 lets a certificate without EKU serve any purpose; Windows refuses it for code
        // signing, and the signing key loaders follow Windows.
        if (!CodeSigningRequirements.HasCodeSigningEku(certificate))
        {
            reasons.Add(new CertificateFitnessReason(
                CertificateFitnessReasonIds.CodeSigningEkuMissing,
                $"Certificate {name} does not list the code signing EKU ({CodeSigningRequirements.CodeSigningEkuOid}). Use a certificate issued for code signing."));
        }

        X509KeyUsageExtension? keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is not null && !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            reasons.Add(new CertificateFitnessReason(
                CertificateFitnessReasonIds.KeyUsageMissingDigitalSignature,
                $"Certificate {name} has the key usage {keyUsage.KeyUsages}, without digitalSignature, so its key may not sign. Use a certificate whose key usage includes digitalSignature."));
        }

        if (!key.IsSupported)
        {
            reasons.Add(new CertificateFitnessReason(
                CertificateFitnessReasonIds.UnsupportedKeyAlgorithm,
                $"Certificate {name} has a {key.Algorithm} key; code signing supports RSA and ECDSA keys only."));
        }

        return reasons;
    }

    /// <summary>The reason the validity period excludes <paramref name="now"/>, or null.</summary>
    public static CertificateFitnessReason? CheckValidity(X509Certificate2 certificate, DateTime now)
    {
        string name = CodeSigningRequirements.Describe(certificate);
        DateTime notBefore = certificate.NotBefore.ToUniversalTime();
        DateTime notAfter = certificate.NotAfter.ToUniversalTime();
        if (now < notBefore)
        {
            return new CertificateFitnessReason(
                CertificateFitnessReasonIds.NotYetValid,
                $"Certificate {name} is valid from {notBefore:yyyy-MM-dd HH:mm:ss} UTC, later than now ({now:yyyy-MM-dd HH:mm:ss} UTC). Wait until then, or check the clock.");
        }

        if (now > notAfter)
        {
            return new CertificateFitnessReason(
                CertificateFitnessReasonIds.Expired,
                $"Certificate {name} expired at {notAfter:yyyy-MM-dd HH:mm:ss} UTC. Renew it.");
        }

        return null;
    }
}
