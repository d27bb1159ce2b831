using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Checks whether a certificate is fit to sign code: usage, validity, key strength, a private key
/// that really signs, and (with trust stores) a chain that verifies. Every check runs, so the result
/// lists all problems at once.
/// </summary>
public static class CertificateFitness
{
    /// <summary>Checks <paramref name="certificate"/>.</summary>
    /// <param name="privateKey">
    /// A key that came apart from the certificate (a PEM key file); when null, the certificate's own
    /// private key is tested.
    /// </param>
    public static CertificateFitnessResult Test(
        X509Certificate2 certificate, string source, CertificateFitnessOptions options, AsymmetricAlgorithm? privateKey = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(options);

        CertificateKeyDescription key = CertificateKeyDescription.Of(certificate);
        List<CertificateFitnessReason> reasons = CertificateUsageCheck.Run(certificate, key);

        if (CertificateUsageCheck.CheckValidity(certificate, options.Now) is { } validity)
        {
            reasons.Add(validity);
        }

        if (CheckStrength(certificate, key, options) is { } strength)
        {
            reasons.Add(strength);
        }

        if (key.IsSupported && PrivateKeyProbe.Run(certificate, privateKey) is { } keyProblem)
        {
            reasons.Add(keyProblem);
        }

        if (options.ChainValidator is not null && CheckChain(certificate, options.ChainValidator, options.Now) is { } chain)
        {
            reasons.Add(chain);
        }

        return new CertificateFitnessResult
        {
            Subject = certificate.Subject,
            Thumbprint = certificate.Thumbprint,
            Source = source,
            Reasons = reasons,
            Certificate = certificate,
        };
    }

    private static CertificateFitnessReason? CheckStrength(X509Certificate2 certificate, CertificateKeyDescription key, CertificateFitnessOptions options)
    {
        int minimum = key.Algorithm switch
        {
            CertificateKeyDescription.Rsa => options.MinimumRsaKeySize,
            CertificateKeyDescription.Ecdsa => options.MinimumEcKeySize,
            _ => 0,
        };
        if (key.Size >= minimum)
        {
            return null;
        }

        return new CertificateFitnessReason(
            CertificateFitnessReasonIds.KeyTooWeak,
            $"Certificate {CodeSigningRequirements.Describe(certificate)} has a {key.Size}-bit {key.Algorithm} key; at least {minimum} bits are required. " +
            "Issue a certificate with a longer key.");
    }

    private static CertificateFitnessReason? CheckChain(X509Certificate2 certificate, ChainValidator validator, DateTime now)
    {
        // Time is judged by the validity check above; here only trust counts, so an expired
        // certificate is not reported twice.
        ChainResult chain = validator.Validate(certificate, new X509Certificate2Collection(), now);
        if (chain.IsTrusted)
        {
            return null;
        }

        string stores = string.Join(", ", validator.TrustStores.Select(store => $"'{store.Name}'"));
        return new CertificateFitnessReason(
            CertificateFitnessReasonIds.ChainNotTrusted,
            $"Certificate {CodeSigningRequirements.Describe(certificate)} does not chain to the trust store(s) {stores}: " +
            $"{chain.FailureMessage ?? "no anchor was reached"}");
    }
}
