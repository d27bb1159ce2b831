namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Stable error ids of <see cref="CodeSignException"/> thrown while importing or exporting a
/// certificate, beside the ids of <see cref="Keys.SigningKeyErrorIds"/> that the key loaders share.
/// Cmdlets use them as the FullyQualifiedErrorId, so renaming one is a breaking change.
/// </summary>
public static class CertificateFileErrorIds
{
    /// <summary>The file is neither a PFX, nor PEM text, nor a DER certificate, or it is damaged.</summary>
    public const string CertificateUnreadable = nameof(CertificateUnreadable);

    /// <summary>The -Base64 value is not base64 text.</summary>
    public const string Base64Invalid = nameof(Base64Invalid);

    /// <summary>A private key would be written without a password and the caller did not ask for that.</summary>
    public const string PrivateKeyPasswordRequired = nameof(PrivateKeyPasswordRequired);

    /// <summary>The certificate's private key cannot be exported (a non-exportable store key).</summary>
    public const string PrivateKeyNotExportable = nameof(PrivateKeyNotExportable);

    /// <summary>The export options contradict each other, for example -Legacy with a PEM file.</summary>
    public const string ExportOptionsConflict = nameof(ExportOptionsConflict);

    /// <summary>The export format was not given and cannot be inferred from the file extension.</summary>
    public const string ExportFormatUnknown = nameof(ExportFormatUnknown);

    /// <summary>The target file exists and overwriting it was not asked for.</summary>
    public const string FileExists = nameof(FileExists);

    /// <summary>Two outputs of one command (such as the request and its key) name the same file.</summary>
    public const string OutputPathsCollide = nameof(OutputPathsCollide);

    /// <summary>An output path names an existing folder.</summary>
    public const string OutputPathIsFolder = nameof(OutputPathIsFolder);
}
