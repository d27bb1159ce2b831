using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Reads a certificate, with its private key where the source has one, from a PFX, PEM or DER file,
/// from a certificate file and a separate key file, or from a base64 PFX string. Nothing is written
/// anywhere; <see cref="CertificateStoreImporter"/> adds the result to a store.
/// </summary>
public static class CertificateImporter
{
    /// <summary>How a base64 PFX is named in messages, since its text must never appear in one.</summary>
    public const string Base64Source = "-Base64 value";

    /// <summary>
    /// Reads a PFX (any encryption .NET and OpenSSL write, with or without MAC), a PEM file (a
    /// certificate and optionally its key, in either order) or a DER certificate.
    /// </summary>
    /// <param name="exportable">Keep the key exportable and persistable, as a store import needs.</param>
    public static X509Certificate2 ImportFile(string path, SecureString? password, bool exportable = false) =>
        ImportFile(path, password, null, exportable);

    /// <summary>
    /// Reads a file as <see cref="ImportFile(string, SecureString?, bool)"/> does, with the password read from an
    /// environment variable; a wrong password names the variable.
    /// </summary>
    public static X509Certificate2 ImportFileWithPasswordVariable(string path, PipelineSecrets secrets, bool exportable = false)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return ImportFile(path, secrets.Password, secrets.PasswordVariable, exportable);
    }

    /// <summary>
    /// Reads the base64 PFX of an environment variable, as a Key Vault secret arrives, with the
    /// password of <see cref="PipelineSecrets.PasswordVariable"/> when one was named.
    /// </summary>
    public static X509Certificate2 ImportVariable(PipelineSecrets secrets, bool exportable = false)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        SecureString? password = secrets.Password;
        return FromPfx(secrets.DecodePfx(), secrets.Source, password, exportable);
    }

    private static X509Certificate2 ImportFile(string path, SecureString? password, string? passwordVariable, bool exportable)
    {
        byte[] data = KeyFile.ReadAllBytes(path, "certificate file");
        if (PfxKeyLoader.IsPfx(data))
        {
            return FromPfx(data, PfxSource.File(path, passwordVariable), password, exportable);
        }

        if (LooksLikePem(data))
        {
            CryptographicOperations.ZeroMemory(data);
            return FromPem(path, path, password, keyRequired: false);
        }

        return FromDer(data, path);
    }

    /// <summary>
    /// Joins a certificate file (PEM or DER, such as a CA's response to a request) with the private key
    /// in a PEM key file; a key that does not belong to the certificate is PrivateKeyMismatch.
    /// </summary>
    public static X509Certificate2 ImportWithKey(string certificatePath, string keyPath, SecureString? password)
    {
        byte[] data = KeyFile.ReadAllBytes(certificatePath, "certificate file");
        if (LooksLikePem(data))
        {
            return FromPem(certificatePath, keyPath, password, keyRequired: true);
        }

        using X509Certificate2 certificate = FromDer(data, certificatePath);
        return PemCertificateKey.Attach([certificate], certificatePath, keyPath, password);
    }

    /// <summary>
    /// Reads a PFX given as base64 text, as a secret store hands it to a pipeline. The text is named
    /// <see cref="Base64Source"/> in every message and never quoted.
    /// </summary>
    public static X509Certificate2 ImportBase64(string base64, SecureString? password, bool exportable = false)
    {
        CheckBase64Length(base64);
        byte[] data;
        try
        {
            data = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException exception)
        {
            // FormatException's message describes the text without quoting it, so it is safe to keep.
            throw new CodeSignException(
                CertificateFileErrorIds.Base64Invalid,
                FailureCategory.InvalidData,
                $"The {Base64Source} ({base64.Length} characters) is not base64 text. Pass the secret's value as it is stored, without quotes or headers.",
                Base64Source,
                exception);
        }

        if (!PfxKeyLoader.IsPfx(data))
        {
            CryptographicOperations.ZeroMemory(data);
            throw new CodeSignException(
                SigningKeyErrorIds.PfxUnreadable,
                FailureCategory.InvalidData,
                $"The {Base64Source} decodes to {data.Length} bytes that are not a PFX (PKCS#12) file. Store the PFX file's bytes as base64.",
                Base64Source);
        }

        return FromPfx(data, PfxSource.File(Base64Source), password, exportable);
    }

    // The same bound as for files: base64 takes four characters for every three bytes.
    private static void CheckBase64Length(string base64)
    {
        if (base64.Length / 4 * 3 > KeyFile.MaximumLength)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.FileTooLarge,
                FailureCategory.InvalidData,
                $"The {Base64Source} has {base64.Length} characters, more than a PFX of {KeyFile.MaximumLength} bytes (16 MiB) takes. " +
                "Check that the variable holds the PFX secret.",
                Base64Source);
        }
    }

    private static X509Certificate2 FromPfx(byte[] data, PfxSource source, SecureString? password, bool exportable)
    {
        X509KeyStorageFlags flags = exportable
            ? X509KeyStorageFlags.Exportable | X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.UserKeySet
            : PfxKeyLoader.StorageFlags | X509KeyStorageFlags.Exportable;
        X509Certificate2Collection certificates = PfxKeyLoader.Import(data, source, password, flags);
        return PfxContents.TakeMain(certificates, source.Target);
    }

    private static X509Certificate2 FromPem(string certificatePath, string keyPath, SecureString? password, bool keyRequired)
    {
        List<X509Certificate2> certificates = PemCertificateReader.ReadAll(certificatePath);
        try
        {
            if (!keyRequired && !PemCertificateKey.HasKeyBlock(keyPath))
            {
                return new X509Certificate2(PemCertificateReader.Leaf(certificates).RawData);
            }

            return PemCertificateKey.Attach(certificates, certificatePath, keyPath, password);
        }
        finally
        {
            certificates.ForEach(certificate => certificate.Dispose());
        }
    }

    /// <summary>Decodes a DER certificate; a file that starts like a PFX but is not one is PfxUnreadable.</summary>
    internal static X509Certificate2 FromDer(byte[] data, string path)
    {
        if (PfxHeader.StartsLikePfx(data))
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PfxUnreadable,
                FailureCategory.InvalidData,
                $"The file '{path}' starts like a PFX (PKCS#12) file but cannot be decoded: it is truncated or damaged ({data.Length} bytes). " +
                "Copy or download the file again.",
                path);
        }

        try
        {
            return CertificateBytes.Decode(data);
        }
        catch (CryptographicException exception)
        {
            throw new CodeSignException(
                CertificateFileErrorIds.CertificateUnreadable,
                FailureCategory.InvalidData,
                $"The file '{path}' is not a certificate file: expected a PFX, PEM text or a DER certificate, found {data.Length} bytes of something else. " +
                "The file may be damaged or truncated.",
                path,
                exception);
        }
    }

    private static bool LooksLikePem(byte[] data) =>
        Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 4096)).Contains("-----BEGIN ", StringComparison.Ordinal)
        || (data.Length > 4096 && Encoding.UTF8.GetString(data).Contains("-----BEGIN ", StringComparison.Ordinal));
}
