namespace CodeSignPS.Core.Certificates;

/// <summary>File formats a certificate is exported to.</summary>
public enum CertificateFileFormat
{
    /// <summary>PKCS#12 (RFC 7292), with the private key when the certificate has one.</summary>
    Pfx,

    /// <summary>RFC 7468 text: a CERTIFICATE block, and a private key block on request.</summary>
    Pem,

    /// <summary>The certificate's DER bytes alone.</summary>
    Der,
}
