using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Creates code signing and CA certificates with a new key pair: self-signed, or issued by a CA
/// certificate whose private key is at hand. Serial numbers are 16 random bytes, positive.
/// </summary>
public static partial class CertificateFactory
{
    /// <summary>Validity of a leaf certificate when none is given.</summary>
    public const int DefaultLeafValidityDays = 365;

    /// <summary>Validity of a CA certificate when none is given.</summary>
    public const int DefaultAuthorityValidityDays = 5 * 365;

    // Starting the validity a little in the past keeps a verifier whose clock is behind from
    // reporting a brand-new certificate as not yet valid.
    internal static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Checks the profile and the issuer without generating a key, so that a caller can stop on bad
    /// input before asking for confirmation.
    /// </summary>
    public static void Validate(CertificateProfile profile, X509Certificate2? issuer, DateTimeOffset now)
    {
        ResolveSubject(profile);
        CheckUris(profile);
        CheckRenewable(profile);
        if (issuer is not null)
        {
            CheckIssuer(issuer, profile.CertificateAuthority || IsAuthority(profile.RenewFrom));
        }
        else if (profile.RenewFrom is { } old && !IsSelfIssued(old))
        {
            throw new CodeSignException(
                CertificateFactoryErrorIds.RenewIssuerRequired,
                FailureCategory.InvalidArgument,
                $"The certificate to renew ({old.Subject}, thumbprint {old.Thumbprint}) was issued by '{old.Issuer}'. " +
                "Give that CA's certificate with its private key as the issuer, or renew it at that CA with a signing request.",
                old.Thumbprint);
        }

        ResolveValidity(profile, issuer, now);
    }

    /// <summary>
    /// Generates a key pair and the certificate for it. The returned certificate carries the new
    /// private key; the caller disposes it.
    /// </summary>
    public static X509Certificate2 Create(CertificateProfile profile, X509Certificate2? issuer)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Validate(profile, issuer, now);
        X500DistinguishedName subject = ResolveSubject(profile);
        (DateTimeOffset notBefore, DateTimeOffset notAfter) = ResolveValidity(profile, issuer, now);

        using AsymmetricAlgorithm key = CertificateKeys.Generate(ResolveKeyAlgorithm(profile));
        CertificateRequest request = CertificateKeys.NewRequest(subject, key);
        var subjectKeyIdentifier = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        AddExtensions(request, profile, subjectKeyIdentifier, issuer);

        byte[] serialNumber = NewSerialNumber();
        X509Certificate2 issued = issuer is null
            ? SignSelf(request, subject, key, notBefore, notAfter, serialNumber)
            : SignWithIssuer(request, issuer, notBefore, notAfter, serialNumber);
        using (issued)
        {
            return CertificateKeys.Attach(issued, key);
        }
    }

    /// <summary>Whether the profile describes a CA certificate, directly or through the certificate it renews.</summary>
    public static bool DescribesAuthority(CertificateProfile profile) => profile.CertificateAuthority || IsAuthority(profile.RenewFrom);

    internal static CertificateKeyAlgorithm ResolveKeyAlgorithm(CertificateProfile profile) =>
        profile.KeyAlgorithm ?? (profile.RenewFrom is { } old ? CertificateKeys.AlgorithmOf(old) : CertificateKeyAlgorithm.Rsa3072);

    /// <summary>Returns 16 random bytes with the high bit clear and the next set, so the DER INTEGER is positive and keeps all 16 bytes.</summary>
    internal static byte[] NewSerialNumber()
    {
        byte[] serialNumber = RandomNumberGenerator.GetBytes(16);
        serialNumber[0] = (byte)((serialNumber[0] & 0x7F) | 0x40);
        return serialNumber;
    }

    private static X509Certificate2 SignSelf(
        CertificateRequest request, X500DistinguishedName subject, AsymmetricAlgorithm key,
        DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] serialNumber)
    {
        X509SignatureGenerator generator = CertificateKeys.SignatureGenerator(key);
        return request.Create(subject, generator, notBefore, notAfter, serialNumber);
    }

    private static X509Certificate2 SignWithIssuer(
        CertificateRequest request, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] serialNumber)
    {
        using AsymmetricAlgorithm issuerKey = OpenIssuerKey(issuer);
        X509SignatureGenerator generator = CertificateKeys.SignatureGenerator(issuerKey);

        // The request's hash is the one the generator signs with, so it follows the issuer's key.
        var signed = new CertificateRequest(request.SubjectName, request.PublicKey, CertificateKeys.HashFor(issuerKey));
        foreach (X509Extension extension in request.CertificateExtensions)
        {
            signed.CertificateExtensions.Add(extension);
        }

        return signed.Create(issuer.SubjectName, generator, notBefore, notAfter, serialNumber);
    }

    internal static X500DistinguishedName ResolveSubject(CertificateProfile profile)
    {
        if (string.IsNullOrWhiteSpace(profile.Subject))
        {
            if (profile.RenewFrom is { } old)
            {
                return new X500DistinguishedName(old.SubjectName.RawData);
            }

            throw SubjectInvalid(profile.Subject ?? string.Empty, "it is empty", null);
        }

        X500DistinguishedName parsed;
        try
        {
            parsed = new X500DistinguishedName(profile.Subject);
        }
        catch (CryptographicException exception)
        {
            throw SubjectInvalid(profile.Subject, exception.Message, exception);
        }

        if (!parsed.EnumerateRelativeDistinguishedNames().Any())
        {
            throw SubjectInvalid(profile.Subject, "it has no attribute", null);
        }

        return parsed;
    }

    private static CodeSignException SubjectInvalid(string subject, string reason, Exception? inner) => new(
        CertificateFactoryErrorIds.SubjectInvalid,
        FailureCategory.InvalidArgument,
        $"The subject '{subject}' is not a valid distinguished name: {reason}. " +
        "Write it as comma-separated attributes, for example 'CN=Contoso Code Signing, O=Contoso Ltd, C=US'.",
        subject,
        inner);
}
