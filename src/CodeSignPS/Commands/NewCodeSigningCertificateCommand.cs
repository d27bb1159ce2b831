using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core;
using CodeSignPS.Core.Certificates;

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
        CertificateProfile profile = BuildProfile();
        string? exportPath = ExportPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ExportPath);
        try
        {
            CheckExportArguments(exportPath);
            CertificateFactory.Validate(profile, Issuer, DateTimeOffset.UtcNow);
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
        }

        string target = profile.Subject ?? RenewFrom.Subject;
        string action = (CertificateFactory.DescribesAuthority(profile) ? "Create CA certificate" : "Create code signing certificate") +
            (Issuer is null ? ", self-signed" : $", issued by '{Issuer.Subject}'") + (exportPath is null ? string.Empty : $", and write '{exportPath}'");
        if (!ShouldProcess(target, action))
        {
            return;
        }

        WriteObject(CreateAndExport(profile, exportPath));
    }

    private X509Certificate2 CreateAndExport(CertificateProfile profile, string? exportPath)
    {
        X509Certificate2 certificate = CertificateFactory.Create(profile, Issuer);
        WriteVerbose($"Created {certificate.Subject} (thumbprint {certificate.Thumbprint}, serial {certificate.SerialNumber}), " +
            $"valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}.");
        if (exportPath is null)
        {
            return certificate;
        }

        try
        {
            CertificateFactory.ExportPfx(certificate, exportPath, Password!, Force, Issuer);
            WriteVerbose($"Wrote the certificate and its private key to '{exportPath}' (PFX, AES-256, SHA-256 MAC)" +
                (Issuer is null ? "." : $", with the certificate of '{Issuer.Subject}' and the CAs above it that the stores know."));
            return certificate;
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, exportPath, FileAccessKind.Write, out ErrorRecord record))
        {
            certificate.Dispose();
            ThrowTerminatingError(record);
            throw;
        }
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
