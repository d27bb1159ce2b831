using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Keys;

/// <summary>Opens a signing key from a PFX (PKCS#12) file, or from PFX bytes read from elsewhere such as an environment variable.</summary>
internal static class PfxKeyLoader
{
    // HRESULT_FROM_WIN32(ERROR_INVALID_PASSWORD), which .NET's PKCS#12 loader sets when the
    // contents do not decrypt with the password. The MAC check before the import catches most wrong
    // passwords without relying on it.
    private const int InvalidPasswordHResult = unchecked((int)0x80070056);

    public static SigningKey Load(string path, SecureString? password, string? passwordVariable = null) =>
        Load(KeyFile.ReadAllBytes(path, "PFX file"), PfxSource.File(path, passwordVariable), password);

    /// <summary>Opens the signer's key from PFX bytes, which it zeroes.</summary>
    public static SigningKey Load(byte[] data, PfxSource source, SecureString? password)
    {
        string origin = $"from {source.Description}";
        X509Certificate2Collection certificates = Import(data, source, password, StorageFlags);
        X509Certificate2? signer = null;
        try
        {
            signer = SelectSigner(certificates, source);
            SigningKeyAlgorithm algorithm = CodeSigningRequirements.Check(signer, origin, source.Target);
            AsymmetricAlgorithm key = CertificatePrivateKey.Open(signer, algorithm, origin, source.Target, FailureCategory.InvalidData);

            // The other certificates are kept as public-only copies, so no second private key
            // (a CA's, say) stays loaded beside the signer's.
            X509Certificate2[] additional = certificates
                .Where(certificate => !ReferenceEquals(certificate, signer))
                .Select(certificate => new X509Certificate2(certificate.RawData))
                .ToArray();
            return new LocalSigningKey(signer, ownsCertificate: true, key, source.Description, additional);
        }
        catch
        {
            signer?.Dispose();
            throw;
        }
        finally
        {
            foreach (X509Certificate2 certificate in certificates.Where(certificate => !ReferenceEquals(certificate, signer)))
            {
                certificate.Dispose();
            }
        }
    }

    internal static X509Certificate2Collection Import(string path, SecureString? password) =>
        Import(KeyFile.ReadAllBytes(path, "PFX file"), path, password, StorageFlags);

    /// <summary>
    /// Decodes PFX bytes (which it zeroes) with the password; <paramref name="path"/> names the source
    /// in messages. A wrong password, a missing one and damaged bytes each get their own error id.
    /// </summary>
    internal static X509Certificate2Collection Import(byte[] data, string path, SecureString? password, X509KeyStorageFlags flags) =>
        Import(data, PfxSource.File(path), password, flags);

    /// <summary>Decodes PFX bytes (which it zeroes) with the password; messages name <paramref name="source"/>.</summary>
    internal static X509Certificate2Collection Import(byte[] data, PfxSource source, SecureString? password, X509KeyStorageFlags flags)
    {
        try
        {
            if (!IsPfx(data))
            {
                string message = source.IsFile
                    ? $"The file '{source.Target}' is not a PFX (PKCS#12) file. For a PEM certificate, give its private key file as well."
                    : $"The {source.Description} is not a PFX (PKCS#12) file. Store the PFX file's bytes as base64.";
                throw new CodeSignException(SigningKeyErrorIds.PfxUnreadable, FailureCategory.InvalidData, message, source.Target);
            }

            using var buffer = new PasswordBuffer(password);
            if (!MacVerifies(data, buffer))
            {
                throw PasswordFailure(source, password, null);
            }

            var certificates = new X509Certificate2Collection();
            certificates.Import(data, buffer.Characters, flags);
            return certificates;
        }
        catch (CryptographicException exception) when (exception.HResult == InvalidPasswordHResult)
        {
            throw PasswordFailure(source, password, exception);
        }
        catch (CryptographicException exception)
        {
            string damaged = source.IsFile ? "The file may be damaged." : "The value may be truncated or damaged; store the PFX again.";
            throw new CodeSignException(
                SigningKeyErrorIds.PfxUnreadable,
                FailureCategory.InvalidData,
                $"The {source.Description} cannot be read: {exception.Message} {damaged}",
                source.Target,
                exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    // Ephemeral keys never touch the disk. macOS cannot load keys that way and puts them in a
    // temporary keychain instead.
    internal static X509KeyStorageFlags StorageFlags =>
        OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;

    internal static bool IsPfx(byte[] data)
    {
        if (data.Length == 0)
        {
            return false;
        }

        try
        {
            return X509Certificate2.GetCertContentType(data) == X509ContentType.Pkcs12;
        }
        catch (CryptographicException)
        {
            // On Linux the content sniffer throws for bytes that are no known format at all.
            return false;
        }
    }

    /// <summary>
    /// Checks the password against the PFX's MAC (RFC 7292 section 4), so a wrong password is told
    /// apart from a damaged file. A PFX without a password MAC passes.
    /// </summary>
    private static bool MacVerifies(byte[] data, PasswordBuffer password)
    {
        Pkcs12Info info = Pkcs12Info.Decode(data, out _, skipCopy: true);
        if (info.IntegrityMode != Pkcs12IntegrityMode.Password)
        {
            return true;
        }

        if (info.VerifyMac(password.Characters))
        {
            return true;
        }

        // PKCS#12 encodes an absent password differently from an empty one, and tools write both
        // for "no password", so an empty or absent password may match either.
        return password.Characters.IsEmpty && info.VerifyMac((string?)null);
    }

    private static CodeSignException PasswordFailure(PfxSource source, SecureString? password, CryptographicException? exception)
    {
        if (password is null || password.Length == 0)
        {
            string advice = source.IsFile
                ? "Pass its password."
                : "Pass the name of the environment variable that holds its password as well.";
            return new CodeSignException(
                SigningKeyErrorIds.PfxPasswordRequired,
                FailureCategory.InvalidArgument,
                $"The {source.Description} is protected by a password and none was given. {advice}",
                source.Target,
                exception);
        }

        string message = source.PasswordVariable is null
            ? $"The password given for the {source.Description} is wrong. Check the password."
            : $"The password in environment variable '{source.PasswordVariable}' does not open the {source.Description}. " +
              "Check that the variable holds this PFX's password. A PFX from a Key Vault secret has no password, so name no password variable for it.";
        return new CodeSignException(SigningKeyErrorIds.PfxPasswordInvalid, FailureCategory.SecurityError, message, source.Target, exception);
    }

    /// <summary>
    /// Picks the certificate to sign with: the only one with a private key, or else the only one
    /// with a private key and the code signing EKU.
    /// </summary>
    private static X509Certificate2 SelectSigner(X509Certificate2Collection certificates, PfxSource source)
    {
        List<X509Certificate2> withKey = certificates.Where(certificate => certificate.HasPrivateKey).ToList();
        if (withKey.Count == 0)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PrivateKeyMissing,
                FailureCategory.InvalidData,
                $"The {source.Description} holds {certificates.Count} certificate(s) but no private key, so it cannot sign. " +
                "Export the PFX again with its private key.",
                source.Target);
        }

        if (withKey.Count == 1)
        {
            return withKey[0];
        }

        List<X509Certificate2> codeSigning = withKey.Where(CodeSigningRequirements.HasCodeSigningEku).ToList();
        if (codeSigning.Count == 1)
        {
            return codeSigning[0];
        }

        string candidates = string.Join(", ", withKey.Select(CodeSigningRequirements.Describe));
        if (codeSigning.Count == 0)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.CodeSigningEkuMissing,
                FailureCategory.InvalidArgument,
                $"The {source.Description} holds {withKey.Count} certificates with private keys and none has the code signing EKU " +
                $"({CodeSigningRequirements.CodeSigningEkuOid}): {candidates}. Use a certificate issued for code signing.",
                source.Target);
        }

        throw new CodeSignException(
            SigningKeyErrorIds.PfxCertificateAmbiguous,
            FailureCategory.InvalidData,
            $"The {source.Description} holds {codeSigning.Count} code signing certificates with private keys, expected one: " +
            $"{string.Join(", ", codeSigning.Select(CodeSigningRequirements.Describe))}. Export a PFX with only the signer's key.",
            source.Target);
    }
}
