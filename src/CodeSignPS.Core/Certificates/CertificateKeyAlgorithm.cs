namespace CodeSignPS.Core.Certificates;

/// <summary>Key algorithm and size of a new key pair.</summary>
public enum CertificateKeyAlgorithm
{
    /// <summary>RSA with a 3072-bit modulus, the default.</summary>
    Rsa3072,

    /// <summary>RSA with a 4096-bit modulus.</summary>
    Rsa4096,

    /// <summary>ECDSA on NIST P-256 (secp256r1).</summary>
    ECDsaP256,

    /// <summary>ECDSA on NIST P-384 (secp384r1).</summary>
    ECDsaP384,
}
