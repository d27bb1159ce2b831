namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Stable ids of the reasons a certificate is unfit to sign. Scripts match on them, so renaming one is
/// a breaking change.
/// </summary>
public static class CertificateFitnessReasonIds
{
    /// <summary>No EKU extension, or one without code signing (1.3.6.1.5.5.7.3.3).</summary>
    public const string CodeSigningEkuMissing = nameof(CodeSigningEkuMissing);

    /// <summary>A key usage extension without digitalSignature.</summary>
    public const string KeyUsageMissingDigitalSignature = nameof(KeyUsageMissingDigitalSignature);

    /// <summary>The validity period has not started.</summary>
    public const string NotYetValid = nameof(NotYetValid);

    /// <summary>The validity period has ended.</summary>
    public const string Expired = nameof(Expired);

    /// <summary>The key is neither RSA nor ECDSA.</summary>
    public const string UnsupportedKeyAlgorithm = nameof(UnsupportedKeyAlgorithm);

    /// <summary>The RSA or EC key is shorter than the minimum.</summary>
    public const string KeyTooWeak = nameof(KeyTooWeak);

    /// <summary>No private key came with the certificate.</summary>
    public const string PrivateKeyMissing = nameof(PrivateKeyMissing);

    /// <summary>A private key is present but cannot sign.</summary>
    public const string PrivateKeyUnusable = nameof(PrivateKeyUnusable);

    /// <summary>The test signature does not verify with the certificate's public key: the key belongs to another certificate.</summary>
    public const string PrivateKeyMismatch = nameof(PrivateKeyMismatch);

    /// <summary>The chain does not reach an anchor of the given trust stores, or breaks a chain rule.</summary>
    public const string ChainNotTrusted = nameof(ChainNotTrusted);
}
