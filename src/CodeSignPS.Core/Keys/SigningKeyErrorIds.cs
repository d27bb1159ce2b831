namespace CodeSignPS.Core.Keys;

/// <summary>
/// Stable error ids of <see cref="CodeSignException"/> thrown while opening a signing key. Cmdlets use
/// them as the FullyQualifiedErrorId, so renaming one is a breaking change.
/// </summary>
public static class SigningKeyErrorIds
{
    /// <summary>A PFX, PEM certificate or PEM key file does not exist.</summary>
    public const string FileNotFound = nameof(FileNotFound);

    /// <summary>A key or certificate file exists but cannot be read (permissions, I/O error).</summary>
    public const string FileUnreadable = nameof(FileUnreadable);

    /// <summary>No certificate with the given thumbprint is in the store.</summary>
    public const string CertificateNotFound = nameof(CertificateNotFound);

    /// <summary>The thumbprint is not 40 hexadecimal characters (a SHA-1 thumbprint).</summary>
    public const string ThumbprintInvalid = nameof(ThumbprintInvalid);

    /// <summary>The certificate comes without a private key.</summary>
    public const string PrivateKeyMissing = nameof(PrivateKeyMissing);

    /// <summary>The certificate reports a private key, but .NET cannot open it for signing.</summary>
    public const string PrivateKeyUnusable = nameof(PrivateKeyUnusable);

    /// <summary>The PEM private key does not belong to the PEM certificate.</summary>
    public const string PrivateKeyMismatch = nameof(PrivateKeyMismatch);

    /// <summary>The certificate has no EKU extension, or one without code signing (1.3.6.1.5.5.7.3.3).</summary>
    public const string CodeSigningEkuMissing = nameof(CodeSigningEkuMissing);

    /// <summary>The certificate has a key usage extension without digitalSignature.</summary>
    public const string KeyUsageMissingDigitalSignature = nameof(KeyUsageMissingDigitalSignature);

    /// <summary>The key is neither RSA nor ECDSA (for example DSA or Ed25519).</summary>
    public const string UnsupportedKeyAlgorithm = nameof(UnsupportedKeyAlgorithm);

    /// <summary>The PFX file is protected by a password and none was given.</summary>
    public const string PfxPasswordRequired = nameof(PfxPasswordRequired);

    /// <summary>The password given for the PFX file is wrong.</summary>
    public const string PfxPasswordInvalid = nameof(PfxPasswordInvalid);

    /// <summary>The file is not a PFX (PKCS#12) file, or it is damaged.</summary>
    public const string PfxUnreadable = nameof(PfxUnreadable);

    /// <summary>The PFX file contains several code signing certificates with private keys.</summary>
    public const string PfxCertificateAmbiguous = nameof(PfxCertificateAmbiguous);

    /// <summary>The PEM key is an encrypted PKCS#8 key and no password was given.</summary>
    public const string PemKeyPasswordRequired = nameof(PemKeyPasswordRequired);

    /// <summary>The encrypted PKCS#8 key cannot be decrypted with the given password.</summary>
    public const string PemKeyPasswordInvalid = nameof(PemKeyPasswordInvalid);

    /// <summary>The PEM key uses OpenSSL's legacy encryption (Proc-Type and DEK-Info headers).</summary>
    public const string PemKeyLegacyEncryption = nameof(PemKeyLegacyEncryption);

    /// <summary>The key file contains no private key block that can be decoded.</summary>
    public const string PemKeyUnreadable = nameof(PemKeyUnreadable);

    /// <summary>The certificate file contains no CERTIFICATE block that can be decoded.</summary>
    public const string PemCertificateUnreadable = nameof(PemCertificateUnreadable);

    /// <summary>The store location has no "My" store on this platform (LocalMachine on Linux).</summary>
    public const string StoreLocationNotSupported = nameof(StoreLocationNotSupported);

    /// <summary>A certificate, key or PFX file is empty (0 bytes).</summary>
    public const string FileEmpty = nameof(FileEmpty);

    /// <summary>A certificate, key or PFX file is larger than any such file can be (16 MiB).</summary>
    public const string FileTooLarge = nameof(FileTooLarge);

    /// <summary>The X509 store exists on this platform but cannot be opened.</summary>
    public const string StoreUnavailable = nameof(StoreUnavailable);

    /// <summary>An environment variable named for a secret (-CertificateBase64Variable, -PasswordVariable) is not set, is empty, or contains the Azure Pipelines macro of a pipeline variable that is not defined.</summary>
    public const string SecretVariableNotSet = nameof(SecretVariableNotSet);

    /// <summary>
    /// The name given for a secret's environment variable is no variable name, or is not set but is another
    /// variable's value, so it may be the secret itself.
    /// </summary>
    public const string SecretVariableNameInvalid = nameof(SecretVariableNameInvalid);

    /// <summary>The environment variable named by -CertificateBase64Variable does not hold base64 text.</summary>
    public const string SecretVariableNotBase64 = nameof(SecretVariableNotBase64);
}
