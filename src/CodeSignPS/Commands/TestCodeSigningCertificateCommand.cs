using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Commands;

/// <summary>Checks whether certificates are fit to sign code and reports every reason they are not.</summary>
[Cmdlet(VerbsDiagnostic.Test, "CodeSigningCertificate", DefaultParameterSetName = CertificateParameterSet)]
[OutputType(typeof(CertificateFitnessResult), typeof(bool))]
public sealed class TestCodeSigningCertificateCommand : CodeSignFileCmdletBase
{
    private const string CertificateParameterSet = "Certificate";

    private CertificateFitnessOptions _options = new();

    /// <summary>Certificates to check, for example from Get-CodeSigningCertificate or Get-PfxCertificate.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CertificateParameterSet)]
    [ValidateNotNull]
    public X509Certificate2[] Certificate { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathParameterSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public override string[] Path
    {
        get => base.Path;
        set => base.Path = value;
    }

    /// <summary>The password of a PFX file, or of an encrypted PEM private key.</summary>
    [Parameter(ParameterSetName = PathParameterSet)]
    [Parameter(ParameterSetName = LiteralPathParameterSet)]
    public SecureString? Password { get; set; }

    /// <summary>A PEM private key file that belongs to the certificate file.</summary>
    [Parameter(ParameterSetName = PathParameterSet)]
    [Parameter(ParameterSetName = LiteralPathParameterSet)]
    [ValidateNotNullOrEmpty]
    public string? KeyPath { get; set; }

    /// <summary>Trust stores the chain must verify to; without them the chain is not checked.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] TrustStore { get; set; } = [];

    /// <summary>Smallest RSA key accepted, in bits; 3072 unless given.</summary>
    [Parameter]
    [ValidateRange(1024, 16384)]
    public int MinimumRsaKeySize { get; set; } = 3072;

    /// <summary>Smallest EC key accepted, in bits; 256 unless given.</summary>
    [Parameter]
    [ValidateRange(256, 521)]
    public int MinimumEcKeySize { get; set; } = 256;

    /// <summary>Return only $true or $false per certificate.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void BeginProcessing()
    {
        List<TrustStore> stores = LoadTrustStores(TrustStore);
        _options = new CertificateFitnessOptions
        {
            Now = DateTime.UtcNow,
            MinimumRsaKeySize = MinimumRsaKeySize,
            MinimumEcKeySize = MinimumEcKeySize,
            ChainValidator = stores.Count > 0 ? new ChainValidator(stores, useSystemTrust: false) : null,
        };
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
            Emit(CertificateFitness.Test(certificate, "Pipeline", _options));
        }
    }

    private protected override void ProcessFile(ResolvedFile file)
    {
        try
        {
            using CertificateFile read = CertificateFileReader.Read(file.Path, Password);
            if (read.Certificates.Count == 0)
            {
                string message = $"The file '{file.Path}' contains no certificate: expected PEM CERTIFICATE blocks, a DER certificate or a PFX file. Name a certificate file.";
                WriteError(ErrorRecordFactory.Create("CertificateNotInFile", Core.FailureCategory.InvalidData, message, file.Path));
                return;
            }

            using AsymmetricAlgorithm? separateKey = ReadKeyFile();
            X509Certificate2 signer = SelectSigner(read);
            WriteVerbose($"Testing certificate '{signer.Subject}' from '{file.Path}'.");
            Emit(CertificateFitness.Test(signer, file.Path, _options, separateKey ?? read.PemKey));
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, file.Path, FileAccessKind.Read, out ErrorRecord record))
        {
            WriteError(record);
        }
    }

    // The signer is the certificate that has a key: a PFX may carry its chain, and a PEM bundle
    // lists the signer first.
    private static X509Certificate2 SelectSigner(CertificateFile read) =>
        read.Certificates.FirstOrDefault(certificate => certificate.HasPrivateKey || read.KeyFor(certificate) is not null)
        ?? read.Certificates[0];

    private AsymmetricAlgorithm? ReadKeyFile()
    {
        if (KeyPath is null)
        {
            return null;
        }

        return CertificateFileReader.ReadPemKey(ResolveParameterPath(KeyPath), Password);
    }

    private void Emit(CertificateFitnessResult result)
    {
        foreach (CertificateFitnessReason reason in result.Reasons)
        {
            WriteVerbose($"{result.Thumbprint}: {reason.Id}: {reason.Message}");
        }

        WriteObject(Quiet ? result.IsFit : result);
    }
}
