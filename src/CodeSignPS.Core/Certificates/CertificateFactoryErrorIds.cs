namespace CodeSignPS.Core.Certificates;

/// <summary>Stable error ids of certificate and signing request creation.</summary>
public static class CertificateFactoryErrorIds
{
    /// <summary>The subject is missing or is not a valid distinguished name.</summary>
    public const string SubjectInvalid = nameof(SubjectInvalid);

    /// <summary>Both a NotAfter date and a number of days were given, or the period is empty.</summary>
    public const string ValidityInvalid = nameof(ValidityInvalid);

    /// <summary>The requested validity ends after the issuer's certificate expires.</summary>
    public const string ValidityBeyondIssuer = nameof(ValidityBeyondIssuer);

    /// <summary>The issuer certificate comes without its private key.</summary>
    public const string IssuerPrivateKeyMissing = nameof(IssuerPrivateKeyMissing);

    /// <summary>The issuer certificate is not a CA (basic constraints, keyCertSign, path length).</summary>
    public const string IssuerNotCertificateAuthority = nameof(IssuerNotCertificateAuthority);

    /// <summary>The issuer certificate has expired or is not valid yet.</summary>
    public const string IssuerNotTimeValid = nameof(IssuerNotTimeValid);

    /// <summary>The certificate to renew was issued by a CA, but no issuer was given.</summary>
    public const string RenewIssuerRequired = nameof(RenewIssuerRequired);

    /// <summary>The certificate to renew is neither a CA nor a code signing certificate.</summary>
    public const string RenewCodeSigningEkuMissing = nameof(RenewCodeSigningEkuMissing);

    /// <summary>A URL for an extension is not an absolute URL.</summary>
    public const string UriInvalid = nameof(UriInvalid);

    /// <summary>A file to write exists and overwriting was not allowed.</summary>
    public const string OutputFileExists = nameof(OutputFileExists);

    /// <summary>A private key file would be written without a password, and that was not allowed by name.</summary>
    public const string KeyPasswordMissing = nameof(KeyPasswordMissing);
}
