using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core;
using CodeSignPS.Core.Certificates;

namespace CodeSignPS.Commands;

/// <summary>Writes a certificate, and on request its private key, to a PFX, PEM or DER file.</summary>
[Cmdlet(VerbsData.Export, "CodeSigningCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = CertificateSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportCodeSigningCertificateCommand : CodeSignCmdletBase
{
    private const string CertificateSet = "Certificate";
    private const string ThumbprintSet = "Thumbprint";

    /// <summary>The certificate to export.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = CertificateSet)]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>The SHA-1 thumbprint of a certificate in the "My" store of -StoreLocation.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
    public string Thumbprint { get; set; } = string.Empty;

    /// <summary>The store location searched for -Thumbprint.</summary>
    [Parameter(ParameterSetName = ThumbprintSet)]
    public StoreLocation StoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>The file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string FilePath { get; set; } = string.Empty;

    /// <summary>The file format; inferred from the extension of -FilePath when not given.</summary>
    [Parameter]
    public CertificateFileFormat? Format { get; set; }

    /// <summary>Write the private key to a PEM export.</summary>
    [Parameter]
    public SwitchParameter IncludePrivateKey { get; set; }

    /// <summary>The password that encrypts the private key.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>Write the private key unencrypted, on purpose.</summary>
    [Parameter]
    public SwitchParameter UnprotectedKey { get; set; }

    /// <summary>A PFX with 3DES and a SHA-1 MAC for consumers that cannot read AES-256.</summary>
    [Parameter]
    public SwitchParameter Legacy { get; set; }

    /// <summary>A separate file for the private key of a PEM export.</summary>
    [Parameter]
    public string? KeyPath { get; set; }

    /// <summary>Also write the CA certificates above the certificate that can be found without the network.</summary>
    [Parameter]
    public SwitchParameter IncludeChain { get; set; }

    /// <summary>Files with CA certificates for -IncludeChain beside the certificate stores.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] ChainPath { get; set; } = [];

    /// <summary>Replace files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            if (ParameterSetName == ThumbprintSet)
            {
                using X509Certificate2 stored = FindInStore();
                Export(stored);
            }
            else
            {
                Export(Certificate!);
            }
        }
        catch (CodeSignException exception)
        {
            WriteError(ErrorRecordFactory.FromCodeSignException(exception));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException
            && ErrorRecordFactory.TryCreateForFile(exception, Resolve(FilePath), FileAccessKind.Write, out ErrorRecord record))
        {
            WriteError(record);
        }
    }

    private void Export(X509Certificate2 certificate)
    {
        string path = Resolve(FilePath);
        var options = new CertificateExportOptions
        {
            Format = Format ?? CertificateExporter.FormatFromPath(path),
            IncludePrivateKey = IncludePrivateKey,
            Password = Password,
            UnprotectedKey = UnprotectedKey,
            Legacy = Legacy,
            KeyPath = KeyPath is null ? null : Resolve(KeyPath),
            IncludeChain = IncludeChain,
            ChainPaths = ChainPath.Select(Resolve).ToArray(),
            Force = Force,
        };
        CertificateExporter.Validate(certificate, path, options);
        string action = CertificateExporter.WritesPrivateKey(certificate, options)
            ? $"Export certificate {certificate.Subject} with its private key as {options.Format}"
            : $"Export certificate {certificate.Subject} as {options.Format}";
        if (!ShouldProcess(options.KeyPath is null ? path : $"{path}, {options.KeyPath}", action))
        {
            return;
        }

        foreach (string written in CertificateExporter.Export(certificate, path, options))
        {
            WriteObject(new FileInfo(written));
        }
    }

    private X509Certificate2 FindInStore() => CertificateStoreLookup.Find(Thumbprint, StoreLocation);

    private string Resolve(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
