using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// What a new certificate or signing request looks like: subject, key, validity and the optional
/// extensions. With <see cref="RenewFrom"/>, the subject and extensions come from that certificate.
/// </summary>
public sealed class CertificateProfile
{
    /// <summary>Distinguished name such as <c>CN=Contoso Signing, O=Contoso</c>; optional when renewing.</summary>
    public string? Subject { get; init; }

    /// <summary>Key of the new key pair; when null, RSA 3072, or the old key's kind when renewing.</summary>
    public CertificateKeyAlgorithm? KeyAlgorithm { get; init; }

    /// <summary>End of the validity period; exclusive with <see cref="ValidityDays"/>.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>Length of the validity period in days from now; exclusive with <see cref="NotAfter"/>.</summary>
    public int? ValidityDays { get; init; }

    /// <summary>Whether to make a CA certificate (keyCertSign, cRLSign, no EKU) instead of a code signing leaf.</summary>
    public bool CertificateAuthority { get; init; }

    /// <summary>CRL distribution point URLs; when given they replace those of <see cref="RenewFrom"/>.</summary>
    public IReadOnlyList<Uri> CrlDistributionPoints { get; init; } = [];

    /// <summary>OCSP responder URLs for the authority information access extension.</summary>
    public IReadOnlyList<Uri> OcspUris { get; init; } = [];

    /// <summary>URLs where the issuer's certificate can be downloaded (caIssuers).</summary>
    public IReadOnlyList<Uri> CAIssuersUris { get; init; } = [];

    /// <summary>A certificate whose subject and extensions the new one keeps, with a new key.</summary>
    public X509Certificate2? RenewFrom { get; init; }
}
