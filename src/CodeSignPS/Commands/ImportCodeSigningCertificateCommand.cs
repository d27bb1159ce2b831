using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Commands;

/// <summary>
/// Reads a certificate with its private key from a PFX, PEM or DER file, a certificate and key file
/// pair, or a base64 PFX, and returns it or adds it to a store.
/// </summary>
[Cmdlet(VerbsData.Import, "CodeSigningCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = FileSet)]
[OutputType(typeof(X509Certificate2))]
public sealed class ImportCodeSigningCertificateCommand : CodeSignCmdletBase, IDisposable
{
    private const string FileSet = "File";
    private const string KeyFileSet = "KeyFile";
    private const string Base64Set = "Base64";
    private const string CertificateFileSet = "CertificateFile";
    private const string Base64VariableSet = "Base64Variable";

    private PipelineSecrets? _secrets;

    /// <summary>A PFX, PEM or DER file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = FileSet)]
    [Alias("PSPath", "FullName")]
    public string Path { get; set; } = string.Empty;

    /// <summary>A certificate file (PEM or DER) whose private key is in -KeyPath; alone, a PFX, PEM or DER file as for -Path.</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeyFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateFileSet)]
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>A PEM private key file: PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1.</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeyFileSet)]
    public string KeyPath { get; set; } = string.Empty;

    /// <summary>A PFX file as base64 text, such as a secret from a vault.</summary>
    [Parameter(Mandatory = true, ParameterSetName = Base64Set)]
    public string Base64 { get; set; } = string.Empty;

    /// <summary>
    /// The name of an environment variable that contains a base64 PFX, the form in which a Key Vault
    /// secret arrives in a pipeline. The value itself never appears on the command line.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = Base64VariableSet)]
    [ValidateNotNullOrEmpty]
    public string? CertificateBase64Variable { get; set; }

    /// <summary>The password of the PFX or of the encrypted key.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>The name of an environment variable holding the password of the PFX or of the encrypted key; excludes -Password.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PasswordVariable { get; set; }

    /// <summary>Add the certificate to the "My" store of this location instead of only returning it.</summary>
    [Parameter]
    public StoreLocation? StoreLocation { get; set; }

    /// <summary>Let the key added to a store be exported again (Windows; elsewhere keys always are).</summary>
    [Parameter]
    public SwitchParameter Exportable { get; set; }

    /// <summary>The runner whose log commands (secret masking) to write; detected from TF_BUILD and GITHUB_ACTIONS when not given.</summary>
    [Parameter]
    public Core.Pipeline.CiProvider? CiProvider { get; set; }

    protected override void BeginProcessing()
    {
        // First, so the runner masks the values before any line reaches the log.
        _secrets = SecretMasking.ReadAndMask(this, CiProvider, CertificateBase64Variable, PasswordVariable);
        if (PasswordVariable is not null && Password is not null)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(
                "PasswordParametersConflict",
                FailureCategory.InvalidArgument,
                "-Password and -PasswordVariable both give the password; pass only one of them.",
                PasswordVariable));
        }
    }

    protected override void EndProcessing() => Dispose();

    public void Dispose()
    {
        _secrets?.Dispose();
        _secrets = null;
    }

    protected override void ProcessRecord()
    {
        X509Certificate2 certificate;
        try
        {
            certificate = Read();
        }
        catch (CodeSignException exception)
        {
            WriteError(ErrorRecordFactory.FromCodeSignException(exception));
            return;
        }

        WriteVerbose($"Read certificate {certificate.Subject} ({certificate.Thumbprint}) from {Source()}; private key: {(certificate.HasPrivateKey ? "yes" : "no")}.");
        if (StoreLocation is not { } location)
        {
            WriteObject(certificate);
            return;
        }

        using (certificate)
        {
            if (!ShouldProcess($@"{location}\My", $"Add certificate {certificate.Subject} ({certificate.Thumbprint})"))
            {
                return;
            }

            try
            {
                WriteObject(CertificateStoreImporter.Add(certificate, location, Exportable));
            }
            catch (CodeSignException exception)
            {
                WriteError(ErrorRecordFactory.FromCodeSignException(exception));
            }
        }
    }

    private X509Certificate2 Read()
    {
        bool exportable = StoreLocation is not null;
        SecureString? password = _secrets is null ? Password : _secrets.Password;
        return ParameterSetName switch
        {
            KeyFileSet => CertificateImporter.ImportWithKey(Resolve(CertificatePath), Resolve(KeyPath), password),
            Base64Set => CertificateImporter.ImportBase64(Base64, password, exportable),
            Base64VariableSet => CertificateImporter.ImportVariable(_secrets!, exportable),
            _ => ImportFile(Resolve(ParameterSetName == CertificateFileSet ? CertificatePath : Path), exportable),
        };
    }

    private X509Certificate2 ImportFile(string path, bool exportable) =>
        _secrets is null ? CertificateImporter.ImportFile(path, Password, exportable) : CertificateImporter.ImportFileWithPasswordVariable(path, _secrets, exportable);

    // Never the base64 text itself: it is a secret.
    private string Source() => ParameterSetName switch
    {
        KeyFileSet => $"'{Resolve(CertificatePath)}' with the key in '{Resolve(KeyPath)}'",
        Base64Set => $"the {CertificateImporter.Base64Source} ({Base64.Length} characters)",
        Base64VariableSet => $"environment variable '{CertificateBase64Variable}'",
        CertificateFileSet => $"'{Resolve(CertificatePath)}'",
        _ => $"'{Resolve(Path)}'",
    };

    private string Resolve(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
