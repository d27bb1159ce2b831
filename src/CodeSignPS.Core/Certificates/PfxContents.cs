using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>Picks the certificate a PFX is about from the ones it holds.</summary>
internal static class PfxContents
{
    /// <summary>
    /// Returns the only certificate with a private key, or among several the one for code signing,
    /// or for a PFX without keys the one that issued none of the others (the leaf). Every other
    /// certificate of the collection is disposed.
    /// </summary>
    public static X509Certificate2 TakeMain(X509Certificate2Collection certificates, string source)
    {
        X509Certificate2? main = null;
        try
        {
            main = Select(certificates, source);
            return main;
        }
        finally
        {
            foreach (X509Certificate2 certificate in certificates.Where(certificate => !ReferenceEquals(certificate, main)))
            {
                certificate.Dispose();
            }
        }
    }

    private static X509Certificate2 Select(X509Certificate2Collection certificates, string source)
    {
        if (certificates.Count == 0)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PfxUnreadable,
                FailureCategory.InvalidData,
                $"The PFX '{source}' holds no certificate. Export the PFX again with its certificate.",
                source);
        }

        List<X509Certificate2> withKey = certificates.Where(certificate => certificate.HasPrivateKey).ToList();
        if (withKey.Count == 1)
        {
            return withKey[0];
        }

        if (withKey.Count > 1)
        {
            return withKey.FirstOrDefault(CodeSigningRequirements.HasCodeSigningEku) ?? withKey[0];
        }

        return certificates.FirstOrDefault(candidate => !certificates.Any(other =>
                   !ReferenceEquals(other, candidate) && other.Issuer == candidate.Subject && other.Subject != candidate.Subject))
            ?? certificates[0];
    }
}
