using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

public static partial class CertificateFactory
{
    /// <summary>
    /// Throws <c>RenewCodeSigningEkuMissing</c> when the certificate to renew is neither a CA nor a
    /// code signing certificate. A renewal copies the old extensions, so the new key could not sign
    /// code either. Adding the EKU silently would change what the certificate is for, and that is for
    /// the issuing CA to decide.
    /// </summary>
    public static void CheckRenewable(CertificateProfile profile)
    {
        if (profile.RenewFrom is not { } old || IsAuthority(old) || CodeSigningRequirements.HasCodeSigningEku(old))
        {
            return;
        }

        X509EnhancedKeyUsageExtension? usage = old.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        string found = usage is null
            ? "it has no extended key usage extension"
            : "its extended key usage lists " + string.Join(", ", usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(oid => oid.FriendlyName ?? oid.Value));
        throw new CodeSignException(
            CertificateFactoryErrorIds.RenewCodeSigningEkuMissing,
            FailureCategory.InvalidArgument,
            $"The certificate to renew ({old.Subject}, thumbprint {old.Thumbprint}) is not a code signing certificate: {found}, " +
            $"expected code signing ({CodeSigningOid}). Create a new certificate with -Subject instead, which carries the code signing usage.",
            old.Thumbprint);
    }
}
