using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Writes a certificate to a PFX, PEM or DER file. A private key is written encrypted with the
/// password, or unencrypted only with <see cref="CertificateExportOptions.UnprotectedKey"/>, and
/// every file holding one is created with mode 0600 before any key byte is written.
/// </summary>
public static class CertificateExporter
{
    /// <summary>The format a file name implies: .pfx and .p12, .pem and .crt, .cer and .der.</summary>
    public static CertificateFileFormat FormatFromPath(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".pfx" or ".p12" => CertificateFileFormat.Pfx,
            ".pem" or ".crt" => CertificateFileFormat.Pem,
            ".cer" or ".der" => CertificateFileFormat.Der,
            string extension => throw new CodeSignException(
                CertificateFileErrorIds.ExportFormatUnknown,
                FailureCategory.InvalidArgument,
                $"The export format cannot be told from the name '{path}' (extension '{extension}'): expected .pfx, .p12, .pem, .crt, .cer or .der. " +
                "Pass -Format.",
                path),
        };

    /// <summary>Checks the request without writing anything, so a caller can ask for confirmation after it.</summary>
    public static void Validate(X509Certificate2 certificate, string path, CertificateExportOptions options) =>
        CertificateExportValidator.Validate(certificate, path, options);

    /// <summary>Whether the export writes private key material.</summary>
    public static bool WritesPrivateKey(X509Certificate2 certificate, CertificateExportOptions options) =>
        CertificateExportValidator.WritesPrivateKey(certificate, options);

    /// <summary>Writes the file (and with a PEM -KeyPath, the key file); returns the paths written.</summary>
    public static IReadOnlyList<string> Export(X509Certificate2 certificate, string path, CertificateExportOptions options)
    {
        Validate(certificate, path, options);
        if (options.Format == CertificateFileFormat.Der)
        {
            AtomicFileWriter.CreateOrReplace(path, certificate.RawData);
            return [path];
        }

        List<X509Certificate2> chain = options.IncludeChain ? CollectChain(certificate, options) : [];
        try
        {
            if (options.Format == CertificateFileFormat.Pfx)
            {
                WritePfx(certificate, chain, path, options);
                return [path];
            }

            return WritePem(certificate, chain, path, options);
        }
        finally
        {
            chain.ForEach(authority => authority.Dispose());
        }
    }

    private static List<X509Certificate2> CollectChain(X509Certificate2 certificate, CertificateExportOptions options)
    {
        List<X509Certificate2> known = IssuerChain.ReadFiles(options.ChainPaths);
        try
        {
            return IssuerChain.Collect(certificate, known, includeStart: false);
        }
        finally
        {
            known.ForEach(authority => authority.Dispose());
        }
    }

    private static void WritePfx(X509Certificate2 certificate, List<X509Certificate2> chain, string path, CertificateExportOptions options)
    {
        using AsymmetricAlgorithm? key = certificate.HasPrivateKey ? OpenKey(certificate, path) : null;
        using var password = new PasswordBuffer(options.HasPassword ? options.Password : null);
        byte[] pfx = WithKeyExport(certificate, path, () => PfxWriter.Encode(certificate, chain, key, password.Characters, password.IsPresent, options.Legacy));
        try
        {
            Write(path, pfx, isPrivate: key is not null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }

    private static IReadOnlyList<string> WritePem(X509Certificate2 certificate, List<X509Certificate2> chain, string path, CertificateExportOptions options)
    {
        byte[] certificateText = [.. PemWriter.Certificate(certificate), .. chain.SelectMany(PemWriter.Certificate)];
        if (!options.IncludePrivateKey)
        {
            AtomicFileWriter.CreateOrReplace(path, certificateText);
            return [path];
        }

        using AsymmetricAlgorithm key = OpenKey(certificate, path);
        using var password = new PasswordBuffer(options.HasPassword ? options.Password : null);
        byte[] keyText = WithKeyExport(certificate, path, () => PemWriter.PrivateKey(key, password.Characters, password.IsPresent));
        try
        {
            if (options.KeyPath is not null)
            {
                AtomicFileWriter.CreateOrReplacePrivate(options.KeyPath, keyText);
                AtomicFileWriter.CreateOrReplace(path, certificateText);
                return [path, options.KeyPath];
            }

            byte[] combined = [.. certificateText, .. keyText];
            try
            {
                AtomicFileWriter.CreateOrReplacePrivate(path, combined);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(combined);
            }

            return [path];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyText);
        }
    }

    private static void Write(string path, byte[] content, bool isPrivate)
    {
        if (isPrivate)
        {
            AtomicFileWriter.CreateOrReplacePrivate(path, content);
        }
        else
        {
            AtomicFileWriter.CreateOrReplace(path, content);
        }
    }

    private static AsymmetricAlgorithm OpenKey(X509Certificate2 certificate, string path)
    {
        SigningKeyAlgorithm algorithm = certificate.GetRSAPublicKey() is { } rsa ? Dispose(rsa, SigningKeyAlgorithm.Rsa) : SigningKeyAlgorithm.Ecdsa;
        return CertificatePrivateKey.Open(certificate, algorithm, "to export", path, FailureCategory.InvalidArgument);
    }

    private static SigningKeyAlgorithm Dispose(IDisposable disposable, SigningKeyAlgorithm algorithm)
    {
        disposable.Dispose();
        return algorithm;
    }

    private static byte[] WithKeyExport(X509Certificate2 certificate, string path, Func<byte[]> export)
    {
        try
        {
            return export();
        }
        catch (CryptographicException exception)
        {
            throw new CodeSignException(
                CertificateFileErrorIds.PrivateKeyNotExportable,
                FailureCategory.SecurityError,
                $"The private key of {CodeSigningRequirements.Describe(certificate)} cannot be exported to '{path}': {exception.Message} " +
                "A key imported as not exportable stays in its store; export it from where it was created, or issue a new certificate.",
                path,
                exception);
        }
    }
}
