namespace CodeSignPS.Core.Certificates;

/// <summary>
/// The state of a certificate in an inventory. When several apply, the first in this order wins:
/// Revoked, Expired, NotYetValid, NotForCodeSigning, RevocationUnknown, NoPrivateKey, ExpiringSoon,
/// Valid. The order puts what no fix on this machine can repair (revocation, time) before what a better
/// certificate, the right CRL, or an import with its key would repair.
/// </summary>
public enum CertificateStatus
{
    /// <summary>Fit for code signing, with its private key, and not expiring within the threshold.</summary>
    Valid,

    /// <summary>Valid now, but its NotAfter falls within the threshold (30 days unless told otherwise).</summary>
    ExpiringSoon,

    /// <summary>Its NotAfter has passed.</summary>
    Expired,

    /// <summary>Its NotBefore is still to come.</summary>
    NotYetValid,

    /// <summary>No code signing EKU, a key usage without digitalSignature, or a key that is neither RSA nor ECDSA.</summary>
    NotForCodeSigning,

    /// <summary>The source holds the certificate without its private key.</summary>
    NoPrivateKey,

    /// <summary>A CRL signed by the certificate's issuer lists its serial number.</summary>
    Revoked,

    /// <summary>
    /// CRLs were given, but none that verifies with the issuer's key covers the certificate or a CA
    /// certificate above it, or the newest such CRL has expired, so whether it is revoked is not known.
    /// </summary>
    RevocationUnknown,
}
