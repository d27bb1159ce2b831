using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Commands;

/// <summary>Creates a code signing or CA certificate with a new key: self-signed, issued by a CA, or renewing an old one.</summary>
[Cmdlet(VerbsCommon.New, "CodeSigningCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = NewSet)]
[OutputType(typeof(X509Certificate2))]
public sealed class NewCodeSigningCertificateCommand : PSCmdlet
{
    private const string NewSet = "New";
    private const string RenewSet = "Renew";

    /// <summary>Distinguished name of the new certificate.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NewSet)]
    [ValidateNotNullOrEmpty]
    public string Subject { get; set; } = string.Empty;

    /// <summary>Certificate whose subject and extensions the new one keeps, with a new key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RenewSet)]
    [ValidateNotNull]
    public X509Certificate2 RenewFrom { get; set; } = null!;

    /// <summary>CA certificate with its private key that issues the new certificate.</summary>
    [Parameter]
    [ValidateNotNull]
    public X509Certificate2? Issuer { get; set; }

    /// <summary>A PFX (or PEM) file with the issuing CA's certificate and private key, such as a pipeline's secure file; instead of -Issuer.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IssuerCertificatePath { get; set; }

    /// <summary>The name of an environment variable holding the issuing CA's PFX as base64; instead of -Issuer.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IssuerCertificateBase64Variable { get; set; }

    /// <summary>The password of the issuer's PFX in -IssuerCertificatePath. -Password is the password of the PFX written to -ExportPath.</summary>
    [Parameter]
    public SecureString? IssuerPassword { get; set; }

    /// <summary>The name of an environment variable holding the password of the issuer's PFX; excludes -IssuerPassword.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IssuerPasswordVariable { get; set; }

    /// <summary>Key algorithm and size of the new key.</summary>
    [Parameter]
    public CertificateKeyAlgorithm? KeyAlgorithm { get; set; }

    /// <summary>End of the validity period.</summary>
    [Parameter]
    public DateTime? NotAfter { get; set; }

    /// <summary>Length of the validity period in days.</summary>
    [Parameter]
    [ValidateRange(1, 36500)]
    public int? ValidityDays { get; set; }

    /// <summary>Make a CA certificate instead of a code signing certificate.</summary>
    [Parameter(ParameterSetName = NewSet)]
    public SwitchParameter CertificateAuthority { get; set; }

    /// <summary>CRL distribution point URLs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public Uri[] CrlDistributionPoint { get; set; } = [];

    /// <summary>OCSP responder URLs (authority information access).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public Uri[] OcspUri { get; set; } = [];

    /// <summary>URLs of the issuer's certificate (authority information access, caIssuers).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public Uri[] CAIssuersUri { get; set; } = [];

    /// <summary>Also write the certificate and key to this PFX file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExportPath { get; set; }

    /// <summary>Password of the PFX file.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>Replace an existing file at -ExportPath.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The runner whose log commands (secret masking) to write; detected from TF_BUILD and GITHUB_ACTIONS when not given.</summary>
    [Parameter]
    public Core.Pipeline.CiProvider? CiProvider { get; set; }

    protected override void ProcessRecord()
    {
        // First, so the runner masks the issuer's secrets before any line reaches the log.
        using PipelineSecrets? secrets = SecretMasking.ReadAndMask(this, CiProvider, IssuerCertificateBase64Variable, IssuerPasswordVariable);
        CheckIssuerArguments();
        X509Certificate2? issuer = OpenIssuer(secrets);
        try
        {
            Create(issuer);
        }
        finally
        {
            // A certificate given with -Issuer belongs to the caller; one opened here does not.
            if (!ReferenceEquals(issuer, Issuer))
            {
                issuer?.Dispose();
            }
        }
    }

    private void Create(X509Certificate2? issuer)
    {
        CertificateProfile profile = BuildProfile();
        string? exportPath = ExportPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ExportPath);
        try
        {
            CheckExportArguments(exportPath);
            CertificateFactory.Validate(profile, issuer, DateTimeOffset.UtcNow);
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
        }

        string target = profile.Subject ?? RenewFrom.Subject;
        string action = (CertificateFactory.DescribesAuthority(profile) ? "Create CA certificate" : "Create code signing certificate") +
            (issuer is null ? ", self-signed" : $", issued by '{issuer.Subject}'") + (exportPath is null ? string.Empty : $", and write '{exportPath}'");
        if (!ShouldProcess(target, action))
        {
            return;
        }

        WriteObject(CreateAndExport(profile, exportPath, issuer));
    }

    private X509Certificate2 CreateAndExport(CertificateProfile profile, string? exportPath, X509Certificate2? issuer)
    {
        X509Certificate2 certificate = CertificateFactory.Create(profile, issuer);
        WriteVerbose($"Created {certificate.Subject} (thumbprint {certificate.Thumbprint}, serial {certificate.SerialNumber}), " +
            $"valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}.");
        if (exportPath is null)
        {
            return certificate;
        }

        try
        {
            CertificateFactory.ExportPfx(certificate, exportPath, Password!, Force, issuer);
            WriteVerbose($"Wrote the certificate and its private key to '{exportPath}' (PFX, AES-256, SHA-256 MAC)" +
                (issuer is null ? "." : $", with the certificate of '{issuer.Subject}' and the CAs above it that the stores know."));
            return certificate;
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, exportPath, FileAccessKind.Write, out ErrorRecord record))
        {
            certificate.Dispose();
            ThrowTerminatingError(record);
            throw;
        }
    }

    /// <summary>Stops the command when the issuer is given twice, or a password without the PFX it opens.</summary>
    private void CheckIssuerArguments()
    {
        int issuers = (Issuer is null ? 0 : 1) + (IssuerCertificatePath is null ? 0 : 1) + (IssuerCertificateBase64Variable is null ? 0 : 1);
        string? conflict = null;
        if (issuers > 1)
        {
            conflict = "-Issuer, -IssuerCertificatePath and -IssuerCertificateBase64Variable each give the issuer; pass only one of them.";
        }
        else if (IssuerPassword is not null && IssuerPasswordVariable is not null)
        {
            conflict = "-IssuerPassword and -IssuerPasswordVariable both give the issuer's password; pass only one of them.";
        }
        else if ((IssuerPassword is not null || IssuerPasswordVariable is not null) && IssuerCertificatePath is null && IssuerCertificateBase64Variable is null)
        {
            conflict = "-IssuerPassword and -IssuerPasswordVariable open the issuer's PFX; pass it with -IssuerCertificatePath or -IssuerCertificateBase64Variable.";
        }

        if (conflict is not null)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create("IssuerParametersConflict", FailureCategory.InvalidArgument, conflict, null));
        }
    }

    /// <summary>The issuing CA: -Issuer, or the PFX of -IssuerCertificatePath or -IssuerCertificateBase64Variable opened in memory.</summary>
    private X509Certificate2? OpenIssuer(PipelineSecrets? secrets)
    {
        try
        {
            if (IssuerCertificateBase64Variable is not null)
            {
                return CertificateImporter.ImportVariable(secrets!);
            }

            if (IssuerCertificatePath is not null)
            {
                string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(IssuerCertificatePath);
                return secrets is null ? CertificateImporter.ImportFile(path, IssuerPassword) : CertificateImporter.ImportFileWithPasswordVariable(path, secrets);
            }
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
        }

        return Issuer;
    }

    private void CheckExportArguments(string? exportPath)
    {
        if (exportPath is null)
        {
            return;
        }

        CertificateFactory.CheckExportPassword(exportPath, Password);
        CertificateFactory.CheckOverwrite(exportPath, Force);
    }

    private CertificateProfile BuildProfile() => new()
    {
        Subject = ParameterSetName == NewSet ? Subject : null,
        RenewFrom = ParameterSetName == RenewSet ? RenewFrom : null,
        KeyAlgorithm = KeyAlgorithm,
        NotAfter = NotAfter is { } notAfter ? new DateTimeOffset(notAfter.ToUniversalTime()) : null,
        ValidityDays = ValidityDays,
        CertificateAuthority = CertificateAuthority,
        CrlDistributionPoints = CrlDistributionPoint,
        OcspUris = OcspUri,
        CAIssuersUris = CAIssuersUri,
    };
}
