using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>Checks an export request before any file is touched.</summary>
internal static class CertificateExportValidator
{
    /// <summary>Throws for contradicting options, a missing password or key, or a file in the way.</summary>
    public static void Validate(X509Certificate2 certificate, string path, CertificateExportOptions options)
    {
        CheckOptions(options, path);
        bool writesKey = WritesPrivateKey(certificate, options);
        if (options.IncludePrivateKey && !certificate.HasPrivateKey)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PrivateKeyMissing,
                FailureCategory.InvalidArgument,
                $"The certificate {CodeSigningRequirements.Describe(certificate)} has no private key, so -IncludePrivateKey cannot be met. " +
                "Export it without the key, or pass the certificate as it was imported with its key.",
                path);
        }

        if (writesKey && !options.HasPassword && !options.UnprotectedKey)
        {
            throw new CodeSignException(
                CertificateFileErrorIds.PrivateKeyPasswordRequired,
                FailureCategory.InvalidArgument,
                $"Exporting the private key of {CodeSigningRequirements.Describe(certificate)} to '{path}' needs a password that encrypts it, " +
                $"and {(options.Password is null ? "none was given" : "the one given is empty")}. Pass a non-empty -Password, or -UnprotectedKey to write the key unencrypted on purpose.",
                path);
        }

        if (options.KeyPath is not null)
        {
            OutputPaths.CheckDistinct(path, options.KeyPath, "-FilePath", "-KeyPath");
        }

        CheckTarget(path, options.Force);
        if (options.KeyPath is not null)
        {
            CheckTarget(options.KeyPath, options.Force);
        }
    }

    /// <summary>Whether the export writes private key material at all.</summary>
    public static bool WritesPrivateKey(X509Certificate2 certificate, CertificateExportOptions options) =>
        options.Format switch
        {
            CertificateFileFormat.Pfx => certificate.HasPrivateKey,
            CertificateFileFormat.Pem => options.IncludePrivateKey,
            _ => false,
        };

    private static void CheckOptions(CertificateExportOptions options, string path)
    {
        string? conflict = options switch
        {
            { Legacy: true, Format: not CertificateFileFormat.Pfx } => "-Legacy applies to PFX files only",
            { Format: CertificateFileFormat.Der, IncludePrivateKey: true } => "a DER file holds a certificate only; use PFX or PEM for the key",
            { Format: CertificateFileFormat.Der, Password: not null } => "a DER file holds no key for -Password to protect",
            { KeyPath: not null, Format: not CertificateFileFormat.Pem } => "-KeyPath applies to PEM exports only",
            { KeyPath: not null, IncludePrivateKey: false } => "-KeyPath needs -IncludePrivateKey",
            { Format: CertificateFileFormat.Pem, IncludePrivateKey: false, Password: not null } =>
                "-Password protects a private key, and a PEM export holds one only with -IncludePrivateKey",
            { UnprotectedKey: true, HasPassword: true } => "-UnprotectedKey and -Password exclude each other",
            { IncludeChain: true, Format: CertificateFileFormat.Der } => "a DER file holds one certificate, so -IncludeChain needs PFX or PEM",
            { IncludeChain: false, ChainPaths.Count: > 0 } => "-ChainPath is read only with -IncludeChain",
            _ => null,
        };
        if (conflict is not null)
        {
            throw new CodeSignException(
                CertificateFileErrorIds.ExportOptionsConflict,
                FailureCategory.InvalidArgument,
                $"The export to '{path}' as {options.Format} cannot be done: {conflict}.",
                path);
        }
    }

    private static void CheckTarget(string path, bool force)
    {
        // Checked for every target before any file is written, so that a failure never leaves one
        // file of a pair written, nor replaces an existing key.
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new CodeSignException(
                "OutputFolderNotFound",
                FailureCategory.ObjectNotFound,
                $"The folder '{folder}' of the export target '{path}' does not exist, so nothing was written. Create the folder or choose another path.",
                path);
        }

        OutputPaths.CheckNotFolder(path);
        if (!force && File.Exists(path))
        {
            throw new CodeSignException(
                CertificateFileErrorIds.FileExists,
                FailureCategory.InvalidOperation,
                $"The file '{path}' already exists. Pass -Force to replace it, or choose another name.",
                path);
        }
    }
}
