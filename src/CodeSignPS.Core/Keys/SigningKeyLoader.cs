using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Keys;

/// <summary>
/// Opens signing keys from their sources and checks, before any file is touched, that the
/// certificate has a usable RSA or ECDSA private key, the code signing EKU and, when it has a key
/// usage extension, digitalSignature. Failures are <see cref="CodeSignException"/>s whose ErrorId is
/// one of <see cref="SigningKeyErrorIds"/>.
/// </summary>
public static class SigningKeyLoader
{
    /// <summary>
    /// Wraps a certificate that already carries its private key, such as one from Get-PfxCertificate.
    /// The caller keeps ownership of <paramref name="certificate"/>: disposing the key leaves it open.
    /// </summary>
    public static SigningKey FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);

        string thumbprint = certificate.Thumbprint;
        string origin = "given as an object";
        SigningKeyAlgorithm algorithm = CodeSigningRequirements.Check(certificate, origin, thumbprint);
        AsymmetricAlgorithm key = CertificatePrivateKey.Open(certificate, algorithm, origin, thumbprint, FailureCategory.InvalidArgument);
        return new LocalSigningKey(certificate, ownsCertificate: false, key, $"certificate {CodeSigningRequirements.Describe(certificate)}", []);
    }

    /// <summary>
    /// Opens a PFX (PKCS#12) file. When it contains several certificates with private keys, the one with
    /// the code signing EKU signs; the others become <see cref="SigningKey.AdditionalCertificates"/>.
    /// </summary>
    /// <param name="path">Full path of the PFX file.</param>
    /// <param name="password">The PFX password, or null for a PFX without one.</param>
    public static SigningKey FromPfx(string path, SecureString? password)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return PfxKeyLoader.Load(path, password);
    }

    /// <summary>
    /// Opens a PFX file with the password read from an environment variable; messages name the
    /// variable when the password is wrong.
    /// </summary>
    /// <param name="path">Full path of the PFX file, such as a pipeline's secure file.</param>
    /// <param name="secrets">The secrets read from the environment; only the password is used.</param>
    public static SigningKey FromPfxWithPasswordVariable(string path, PipelineSecrets secrets)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(secrets);
        return PfxKeyLoader.Load(path, secrets.Password, secrets.PasswordVariable);
    }

    /// <summary>
    /// Opens the base64 PFX read from an environment variable, as a Key Vault secret arrives, with
    /// the password from <see cref="PipelineSecrets.PasswordVariable"/> when one was named. The PFX is
    /// decoded in memory and its bytes zeroed once imported; nothing is written to disk.
    /// </summary>
    public static SigningKey FromPfxVariable(PipelineSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        SecureString? password = secrets.Password;
        return PfxKeyLoader.Load(secrets.DecodePfx(), secrets.Source, password);
    }

    /// <summary>
    /// Opens a PEM certificate and its PEM private key. The first CERTIFICATE block is the signer and
    /// further ones become <see cref="SigningKey.AdditionalCertificates"/>. The key may be PKCS#8
    /// (encrypted or not), PKCS#1 RSA or SEC1 EC; both paths may name the same file.
    /// </summary>
    /// <param name="certificatePath">Full path of the PEM certificate file.</param>
    /// <param name="keyPath">Full path of the PEM private key file.</param>
    /// <param name="password">The password of an encrypted PKCS#8 key; ignored for an unencrypted key.</param>
    public static SigningKey FromPem(string certificatePath, string keyPath, SecureString? password)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        return PemKeyLoader.Load(certificatePath, keyPath, password);
    }

    /// <summary>
    /// Opens a certificate and its private key from the X509 "My" store of the given location. On
    /// Linux .NET has no LocalMachine\My, which gives StoreLocationNotSupported.
    /// </summary>
    /// <param name="thumbprint">SHA-1 thumbprint; spaces, colons and case do not matter.</param>
    /// <param name="location">CurrentUser or LocalMachine.</param>
    public static SigningKey FromStore(string thumbprint, StoreLocation location)
    {
        ArgumentException.ThrowIfNullOrEmpty(thumbprint);
        return StoreKeyLoader.Load(thumbprint, location);
    }
}
