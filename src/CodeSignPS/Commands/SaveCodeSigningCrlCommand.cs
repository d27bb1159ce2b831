using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core;
using CodeSignPS.Core.Revocation;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Commands;

/// <summary>
/// Downloads the CRLs that the chains of signed files or of certificates need into a folder, for
/// <c>Get-CodeSignature -RevocationMode Offline -CrlPath</c> on a machine without network.
/// </summary>
[Cmdlet(VerbsData.Save, "CodeSigningCrl", DefaultParameterSetName = PathParameterSet, SupportsShouldProcess = true)]
[OutputType(typeof(SavedCrl))]
public sealed class SaveCodeSigningCrlCommand : CodeSignFileCmdletBase
{
    private const string CertificateParameterSet = "Certificate";

    private RevocationHttp? _http;
    private CrlSaver? _saver;
    private ChainValidator? _chains;
    private SignatureVerifier? _verifier;
    private string _destination = "";

    /// <summary>Certificates whose chains need CRLs, for example from Get-PfxCertificate.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = CertificateParameterSet)]
    [ValidateNotNullOrEmpty]
    public X509Certificate2[] Certificate { get; set; } = Array.Empty<X509Certificate2>();

    /// <summary>The folder the CRLs are written to; created when missing.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    /// <summary>Trust anchors that complete the chains: PEM bundles, DER files, or folders of them.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] TrustStore { get; set; } = Array.Empty<string>();

    /// <summary>Seconds one download may take.</summary>
    [Parameter]
    [ValidateRange(1, 600)]
    public int TimeoutSeconds { get; set; } = (int)RevocationFetchOptions.DefaultTimeout.TotalSeconds;

    protected override void BeginProcessing()
    {
        List<TrustStore> stores = LoadTrustStores(TrustStore);
        _destination = ResolveParameterPath(Destination);
        if (File.Exists(_destination))
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(
                "CrlDestinationNotFolder", FailureCategory.InvalidArgument,
                $"The destination '{_destination}' is a file; give a folder for the CRLs.", _destination));
        }

        var options = new RevocationFetchOptions
        {
            Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
            // One slow server should not hold the command for long, but a long list of CRLs needs time.
            TotalBudget = TimeSpan.FromMinutes(10),
        };
        _http = new RevocationHttp(options);
        _saver = new CrlSaver(new CrlDownloader(_http));
        _chains = new ChainValidator(stores, useSystemTrust: false);
        _verifier = new SignatureVerifier(new VerificationOptions { TrustStores = stores });
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != CertificateParameterSet)
        {
            base.ProcessRecord();
            return;
        }

        foreach (X509Certificate2 certificate in Certificate)
        {
            ChainResult chain = _chains!.Validate(certificate, new X509Certificate2Collection(), DateTime.UtcNow);
            SaveChain(chain.Chain.Count > 0 ? chain.Chain : [certificate], certificate.Subject);
        }
    }

    private protected override void ProcessFile(ResolvedFile file)
    {
        if (!IsSupportedFormat(file))
        {
            return;
        }

        VerificationResult result = _verifier!.Verify(file.Path, signaturePath: null, CancellationToken);
        if (result.SignerCertificate is null)
        {
            WriteError(ErrorRecordFactory.Create("CrlNoSigner", FailureCategory.InvalidData, $"The file '{file.Path}' has no signer certificate ({result.StatusMessage}); no CRL is needed for it.", file.Path));
            return;
        }

        SaveChain(result.Chain.Count > 0 ? result.Chain : [result.SignerCertificate], file.Path);
    }

    private void SaveChain(IReadOnlyList<X509Certificate2> chain, string source)
    {
        IReadOnlyList<(Uri Url, X509Certificate2 Certificate, X509Certificate2? Issuer)> plan = _saver!.PlanDownloads(chain);
        if (plan.Count == 0)
        {
            WriteVerbose($"The chain of '{source}' names no http CRL distribution point that was not already saved.");
        }

        foreach ((Uri url, X509Certificate2 certificate, X509Certificate2? issuer) in plan)
        {
            if (!ShouldProcess(url.ToString(), $"Download the CRL for '{certificate.Subject}' into '{_destination}'"))
            {
                continue;
            }

            Directory.CreateDirectory(_destination);
            WriteVerbose($"Downloading the CRL for '{certificate.Subject}' from '{url}'.");
            try
            {
                WriteObject(_saver.Save(url, issuer, _destination, CancellationToken));
            }
            catch (CodeSignException exception)
            {
                WriteError(ErrorRecordFactory.FromCodeSignException(exception));
            }
            catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, _destination, FileAccessKind.Write, out ErrorRecord record))
            {
                WriteError(record);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _http?.Dispose();
        }

        base.Dispose(disposing);
    }
}
