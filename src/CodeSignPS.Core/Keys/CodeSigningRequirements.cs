using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Keys;

/// <summary>
/// Checks that a certificate may sign code: the code signing EKU, digitalSignature in the key usage
/// when the extension is present, and an RSA or ECDSA public key. Every loader runs this before it
/// opens the private key, so an unfit certificate fails before any file is signed.
/// </summary>
internal static class CodeSigningRequirements
{
    /// <summary>id-kp-codeSigning, RFC 5280 section 4.2.1.12.</summary>
    public const string CodeSigningEkuOid = "1.3.6.1.5.5.7.3.3";

    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string DsaOid = "1.2.840.10040.4.1";

    /// <summary>
    /// Throws a <see cref="CodeSignException"/> unless the certificate is fit for code signing, and
    /// returns its key algorithm. <paramref name="origin"/> reads like "from PFX file '/a.pfx'".
    /// </summary>
    public static SigningKeyAlgorithm Check(X509Certificate2 certificate, string origin, string target)
    {
        string subject = Describe(certificate);
        CheckEnhancedKeyUsage(certificate, subject, origin, target);
        CheckKeyUsage(certificate, subject, origin, target);
        return GetAlgorithm(certificate, subject, origin, target);
    }

    /// <summary>Whether the certificate has an EKU extension that lists code signing.</summary>
    public static bool HasCodeSigningEku(X509Certificate2 certificate) =>
        GetEnhancedKeyUsages(certificate) is { } usages && usages.Any(oid => oid.Value == CodeSigningEkuOid);

    /// <summary>Names a certificate in messages by subject and thumbprint.</summary>
    public static string Describe(X509Certificate2 certificate) =>
        $"'{certificate.Subject}' (thumbprint {certificate.Thumbprint})";

    // RFC 5280 lets a certificate without an EKU extension serve any purpose, but Windows'
    // Set-AuthenticodeSignature rejects it. The same rule here keeps both tools in agreement.
    private static void CheckEnhancedKeyUsage(X509Certificate2 certificate, string subject, string origin, string target)
    {
        List<Oid>? usages = GetEnhancedKeyUsages(certificate);
        if (usages is null)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.CodeSigningEkuMissing,
                FailureCategory.InvalidArgument,
                $"Certificate {subject} {origin} has no enhanced key usage extension; code signing requires the " +
                $"code signing EKU ({CodeSigningEkuOid}). Use a certificate issued for code signing.",
                target);
        }

        if (!usages.Any(oid => oid.Value == CodeSigningEkuOid))
        {
            string found = usages.Count == 0 ? "none" : string.Join(", ", usages.Select(FormatOid));
            throw new CodeSignException(
                SigningKeyErrorIds.CodeSigningEkuMissing,
                FailureCategory.InvalidArgument,
                $"Certificate {subject} {origin} is not valid for code signing: its enhanced key usages are {found}, " +
                $"expected code signing ({CodeSigningEkuOid}). Use a certificate issued for code signing.",
                target);
        }
    }

    private static void CheckKeyUsage(X509Certificate2 certificate, string subject, string origin, string target)
    {
        X509KeyUsageExtension? keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is null || keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            return;
        }

        throw new CodeSignException(
            SigningKeyErrorIds.KeyUsageMissingDigitalSignature,
            FailureCategory.InvalidArgument,
            $"Certificate {subject} {origin} has a key usage extension without digitalSignature " +
            $"(found: {keyUsage.KeyUsages}), so its key may not sign. Use a certificate whose key usage includes digitalSignature.",
            target);
    }

    private static SigningKeyAlgorithm GetAlgorithm(X509Certificate2 certificate, string subject, string origin, string target)
    {
        Oid algorithm = certificate.PublicKey.Oid;
        switch (algorithm.Value)
        {
            case RsaOid:
                return SigningKeyAlgorithm.Rsa;
            case EcPublicKeyOid:
                return SigningKeyAlgorithm.Ecdsa;
        }

        string name = algorithm.Value == DsaOid ? "DSA" : FormatOid(algorithm);
        throw new CodeSignException(
            SigningKeyErrorIds.UnsupportedKeyAlgorithm,
            FailureCategory.InvalidArgument,
            $"Certificate {subject} {origin} has a {name} key; code signing supports RSA and ECDSA keys only. " +
            "Use an RSA or ECDSA certificate.",
            target);
    }

    private static List<Oid>? GetEnhancedKeyUsages(X509Certificate2 certificate)
    {
        X509EnhancedKeyUsageExtension? extension =
            certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        return extension?.EnhancedKeyUsages.Cast<Oid>().ToList();
    }

    private static string FormatOid(Oid oid) =>
        string.IsNullOrEmpty(oid.FriendlyName) ? oid.Value ?? "unknown" : $"{oid.FriendlyName} ({oid.Value})";
}
