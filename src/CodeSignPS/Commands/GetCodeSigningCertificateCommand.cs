using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Commands;

/// <summary>Lists certificates from files, folders, the X509 store or the pipeline, with expiry and status.</summary>
[Cmdlet(VerbsCommon.Get, "CodeSigningCertificate", DefaultParameterSetName = StoreParameterSet)]
[OutputType(typeof(CertificateInventoryItem))]
public sealed class GetCodeSigningCertificateCommand : CodeSignFileCmdletBase
{
    private const string StoreParameterSet = "Store";
    private const string CertificateParameterSet = "Certificate";

    private CertificateInventoryOptions _options = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = PathParameterSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public override string[] Path
    {
        get => base.Path;
        set => base.Path = value;
    }

    /// <summary>The X509 store whose My certificates are listed; CurrentUser when nothing else is given.</summary>
    [Parameter(ParameterSetName = StoreParameterSet)]
    public StoreLocation StoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>Certificates to describe, for example from Get-PfxCertificate.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = CertificateParameterSet)]
    [ValidateNotNull]
    public X509Certificate2[] Certificate { get; set; } = [];

    /// <summary>The password of PFX files, or of encrypted private keys in PEM files.</summary>
    [Parameter(ParameterSetName = PathParameterSet)]
    [Parameter(ParameterSetName = LiteralPathParameterSet)]
    public SecureString? Password { get; set; }

    /// <summary>Trust stores whose anchors the chains are built to, for the validation level.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] TrustStore { get; set; } = [];

    /// <summary>CRL files or folders; a certificate that a CRL signed by its issuer lists is Revoked, one no such CRL covers is RevocationUnknown.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] CrlPath { get; set; } = [];

    /// <summary>Output only certificates that expire within this many days, expired ones included; also the ExpiringSoon threshold.</summary>
    [Parameter]
    [ValidateRange(0, 36500)]
    public int? ExpiringWithinDays { get; set; }

    protected override void BeginProcessing()
    {
        List<TrustStore> stores = LoadTrustStores(TrustStore);
        _options = new CertificateInventoryOptions
        {
            Now = DateTime.UtcNow,
            ExpiringSoonDays = ExpiringWithinDays ?? CertificateInventoryOptions.DefaultExpiringSoonDays,
            ChainValidator = stores.Count > 0 ? new ChainValidator(stores, useSystemTrust: false) : null,
            Revocation = LoadRevocation(),
        };
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case StoreParameterSet:
                ProcessStore();
                break;
            case CertificateParameterSet:
                foreach (X509Certificate2 certificate in Certificate)
                {
                    Emit(CertificateInventory.Describe(certificate, "Pipeline", _options));
                }

                break;
            default:
                base.ProcessRecord();
                break;
        }
    }

    private protected override void ProcessFile(ResolvedFile file)
    {
        string extension = System.IO.Path.GetExtension(file.Path);
        if (!file.IsNamedExplicitly && !CertificateFileReader.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            WriteVerbose($"Skipped '{file.Path}': not a certificate file extension ({string.Join(" ", CertificateFileReader.Extensions)}).");
            return;
        }

        try
        {
            using CertificateFile read = CertificateFileReader.Read(file.Path, Password);
            WriteVerbose($"Read {read.Certificates.Count} certificate(s) from '{file.Path}'.");
            if (read.Certificates.Count == 0)
            {
                ReportNoCertificate(file);
            }

            foreach (X509Certificate2 certificate in read.Certificates)
            {
                Emit(CertificateInventory.Describe(certificate, file.Path, _options, read.KeyFor(certificate) is not null));
            }
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, file.Path, FileAccessKind.Read, out ErrorRecord record))
        {
            WriteError(record);
        }
    }

    private void ProcessStore()
    {
        IReadOnlyList<X509Certificate2> certificates;
        try
        {
            certificates = CertificateStoreReader.ReadMy(StoreLocation);
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
            return;
        }

        string source = CertificateStoreReader.SourceName(StoreLocation);
        WriteVerbose($"Read {certificates.Count} certificate(s) from {source}.");
        foreach (X509Certificate2 certificate in certificates)
        {
            Emit(CertificateInventory.Describe(certificate, source, _options));
        }
    }

    protected override void EndProcessing()
    {
        // A CRL that covered nothing usually means the wrong file or a missing -TrustStore, and
        // would otherwise pass unnoticed because the certificates still get a status.
        foreach (string message in _options.Revocation?.DescribeUnusedCrls() ?? [])
        {
            WriteWarning(message);
        }
    }

    private void Emit(CertificateInventoryItem item)
    {
        if (ExpiringWithinDays is int days && !CertificateInventory.IsExpiringWithin(item, days, _options.Now))
        {
            return;
        }

        WriteObject(item);
    }

    private void ReportNoCertificate(ResolvedFile file)
    {
        if (file.IsNamedExplicitly)
        {
            string message = $"The file '{file.Path}' contains no certificate: expected PEM CERTIFICATE blocks, a DER certificate or a PFX file. Name a certificate file.";
            WriteError(ErrorRecordFactory.Create("CertificateNotInFile", FailureCategory.InvalidData, message, file.Path));
        }
    }

    private CertificateInventoryRevocation? LoadRevocation()
    {
        if (CrlPath.Length == 0)
        {
            return null;
        }

        try
        {
            CertificateInventoryRevocation revocation = CertificateInventoryRevocation.Load(CrlPath.Select(ResolveParameterPath));
            WriteVerbose($"Loaded {revocation.CrlCount} CRL(s) from {CrlPath.Length} path(s).");
            return revocation;
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
            return null;
        }
    }
}
