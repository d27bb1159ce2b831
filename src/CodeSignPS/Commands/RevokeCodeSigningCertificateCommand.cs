using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Commands;

/// <summary>
/// Revokes certificates of an internal CA: adds each one's serial number to the CA's CRL and reissues
/// the CRL with the next CRL number, signed with the CA's key.
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "CodeSigningCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = CertificateParameterSet)]
[OutputType(typeof(CertificateRevocationList))]
public sealed class RevokeCodeSigningCertificateCommand : CodeSignCmdletBase
{
    private const string CertificateParameterSet = "Certificate";
    private const string SerialNumberParameterSet = "SerialNumber";

    private string _crlPath = "";

    /// <summary>The certificate to revoke; the Issuer must have issued it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = CertificateParameterSet)]
    public X509Certificate2 Certificate { get; set; } = null!;

    /// <summary>The serial number to revoke, in hex, when the certificate itself is not at hand.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SerialNumberParameterSet)]
    [ValidateNotNullOrEmpty]
    public string[] SerialNumber { get; set; } = Array.Empty<string>();

    /// <summary>The CA certificate, with its private key, that signs the CRL.</summary>
    [Parameter(Mandatory = true)]
    public X509Certificate2 Issuer { get; set; } = null!;

    /// <summary>The CA's CRL file; created by the first revocation. A path ending in .pem gets a PEM CRL, others DER.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string CrlPath { get; set; } = "";

    /// <summary>The RFC 5280 reason code; when not given, the entry has none, which verifiers read as unspecified.</summary>
    [Parameter]
    [ValidateSet(nameof(X509RevocationReason.Unspecified), nameof(X509RevocationReason.KeyCompromise), nameof(X509RevocationReason.CACompromise),
        nameof(X509RevocationReason.AffiliationChanged), nameof(X509RevocationReason.Superseded), nameof(X509RevocationReason.CessationOfOperation),
        nameof(X509RevocationReason.PrivilegeWithdrawn))]
    public X509RevocationReason Reason { get; set; }

    /// <summary>When the certificate counts as revoked; now when not given.</summary>
    [Parameter]
    public DateTime RevocationTime { get; set; }

    /// <summary>Days from now to the CRL's nextUpdate, after which verifiers treat it as expired.</summary>
    [Parameter]
    [ValidateRange(1, 3650)]
    public int NextUpdateDays { get; set; } = 7;

    /// <summary>Write the reissued CRL to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _crlPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(CrlPath);
        OpenCrl();
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == CertificateParameterSet)
        {
            CrlIssuer? crl = OpenCrl();
            try
            {
                crl?.CheckIssued(Certificate);
            }
            catch (CodeSignException exception)
            {
                WriteError(ErrorRecordFactory.FromCodeSignException(exception));
                return;
            }

            RevokeSerialNumber(crl, Certificate.SerialNumber, $"'{Certificate.Subject}' (serial {Certificate.SerialNumber})");
            return;
        }

        foreach (string serialNumber in SerialNumber)
        {
            // Reopened for each serial number, so that each revocation builds on the CRL the previous one wrote.
            RevokeSerialNumber(OpenCrl(), serialNumber, $"serial {serialNumber}");
        }
    }

    private void RevokeSerialNumber(CrlIssuer? crl, string serialNumber, string described)
    {
        if (crl?.FindEntry(serialNumber) is { } existing)
        {
            string message = $"{described} is already on the CRL '{_crlPath}', revoked on {existing.RevocationDate.UtcDateTime:u} with reason {existing.Reason?.ToString() ?? "none"}; the CRL was left unchanged.";
            WriteError(ErrorRecordFactory.Create("CertificateAlreadyRevoked", FailureCategory.InvalidOperation, message, serialNumber));
            return;
        }

        X509RevocationReason? reason = MyInvocation.BoundParameters.ContainsKey(nameof(Reason)) ? Reason : null;
        if (crl is null || !ShouldProcess(_crlPath, $"Revoke {described} with reason {reason?.ToString() ?? "none"}"))
        {
            return;
        }

        DateTimeOffset revocationTime = MyInvocation.BoundParameters.ContainsKey(nameof(RevocationTime))
            ? new DateTimeOffset(RevocationTime.ToUniversalTime(), TimeSpan.Zero)
            : DateTimeOffset.UtcNow;
        try
        {
            CertificateRevocationList written = crl.Revoke(serialNumber, reason, revocationTime, TimeSpan.FromDays(NextUpdateDays));
            WriteVerbose($"Revoked {described} in '{_crlPath}': CRL number {written.CrlNumber}, {written.Entries.Count} entries, next update {written.NextUpdate?.UtcDateTime:u}.");
            if (PassThru)
            {
                WriteObject(written);
            }
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, _crlPath, FileAccessKind.Write, out ErrorRecord record))
        {
            WriteError(record);
        }
    }

    // Whole-call problems (no key, not a CA, a CRL of another CA) stop the command; null only after WriteError.
    private CrlIssuer? OpenCrl()
    {
        try
        {
            return CrlIssuer.Open(Issuer, _crlPath);
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
            return null;
        }
    }
}
