using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Certificates;

/// <summary>Describes certificates for an inventory: expiry, key, validation level and status.</summary>
public static class CertificateInventory
{
    /// <summary>Describes one certificate found at <paramref name="source"/>.</summary>
    /// <param name="hasSeparateKey">Whether a matching private key came beside the certificate (a PEM key block).</param>
    public static CertificateInventoryItem Describe(
        X509Certificate2 certificate, string source, CertificateInventoryOptions options, bool hasSeparateKey = false)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(options);

        CertificateKeyDescription key = CertificateKeyDescription.Of(certificate);
        DateTime notAfter = certificate.NotAfter.ToUniversalTime();
        bool hasPrivateKey = hasSeparateKey || certificate.HasPrivateKey;
        (ValidationLevel? level, bool? trusted, IReadOnlyList<X509Certificate2> chain) = Classify(certificate, options);
        RevocationOutcome? revocation = options.Revocation?.Check(certificate, chain, trusted == true, options.Now);
        (CertificateStatus status, string message) = revocation?.Status == RevocationStatus.Revoked
            ? (CertificateStatus.Revoked, revocation.Message)
            : Judge(certificate, key, hasPrivateKey, revocation, options);

        return new CertificateInventoryItem
        {
            Subject = certificate.Subject,
            Thumbprint = certificate.Thumbprint,
            Issuer = certificate.Issuer,
            SerialNumber = certificate.SerialNumber,
            NotBefore = certificate.NotBefore.ToUniversalTime(),
            NotAfter = notAfter,
            DaysLeft = (int)Math.Floor((notAfter - options.Now).TotalDays),
            KeyAlgorithm = key.Algorithm,
            KeySize = key.Size,
            HasPrivateKey = hasPrivateKey,
            ValidationLevel = level,
            IsTrusted = trusted,
            Source = source,
            Status = status,
            StatusMessage = message,
            Revocation = revocation,
            Certificate = certificate,
        };
    }

    /// <summary>Whether the item belongs in a report of certificates expiring within <paramref name="days"/> days (expired ones included).</summary>
    public static bool IsExpiringWithin(CertificateInventoryItem item, int days, DateTime now) =>
        item.NotAfter <= now.AddDays(days);

    /// <summary>Whether <paramref name="key"/> is the private half of the certificate's public key.</summary>
    public static bool KeyMatches(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        byte[] expected = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        return expected.AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
    }

    // The order of the checks is the documented status precedence of CertificateStatus.
    private static (CertificateStatus, string) Judge(
        X509Certificate2 certificate, CertificateKeyDescription key, bool hasPrivateKey, RevocationOutcome? revocation, CertificateInventoryOptions options)
    {
        CertificateFitnessReason? validity = CertificateUsageCheck.CheckValidity(certificate, options.Now);
        if (validity is not null)
        {
            CertificateStatus timeStatus = validity.Id == CertificateFitnessReasonIds.Expired
                ? CertificateStatus.Expired
                : CertificateStatus.NotYetValid;
            return (timeStatus, validity.Message);
        }

        List<CertificateFitnessReason> usage = CertificateUsageCheck.Run(certificate, key);
        if (usage.Count > 0)
        {
            return (CertificateStatus.NotForCodeSigning, string.Join(" ", usage.Select(reason => reason.Message)));
        }

        if (revocation?.Status == RevocationStatus.Unknown)
        {
            return (CertificateStatus.RevocationUnknown, revocation.Message);
        }

        if (!hasPrivateKey)
        {
            return (CertificateStatus.NoPrivateKey, $"The source holds certificate '{certificate.Subject}' without its private key.");
        }

        DateTime notAfter = certificate.NotAfter.ToUniversalTime();
        if (notAfter <= options.Now.AddDays(options.ExpiringSoonDays))
        {
            return (CertificateStatus.ExpiringSoon,
                $"Certificate '{certificate.Subject}' expires at {notAfter:yyyy-MM-dd HH:mm:ss} UTC, within {options.ExpiringSoonDays} days. Renew it.");
        }

        return (CertificateStatus.Valid, string.Empty);
    }

    private static (ValidationLevel?, bool?, IReadOnlyList<X509Certificate2>) Classify(X509Certificate2 certificate, CertificateInventoryOptions options)
    {
        if (options.ChainValidator is null)
        {
            return (null, null, []);
        }

        ChainResult chain = options.ChainValidator.Validate(certificate, new X509Certificate2Collection(), options.Now);
        return (ValidationLevelClassifier.FromCertificate(certificate, chain.Chain), chain.IsTrusted, chain.Chain);
    }
}
