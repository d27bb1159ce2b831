using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Commands;

/// <summary>Checks whether certificates are fit to sign code and reports every reason they are not.</summary>
[Cmdlet(VerbsDiagnostic.Test, "CodeSigningCertificate", DefaultParameterSetName = CertificateParameterSet)]
[OutputType(typeof(CertificateFitnessResult), typeof(PublisherAcceptanceResult), typeof(bool))]
public sealed class TestCodeSigningCertificateCommand : CodeSignFileCmdletBase
{
    private const string CertificateParameterSet = "Certificate";

    private CertificateFitnessOptions _options = new();
    private EffectivePolicy? _policy;
    private PolicyTrustMaterial? _policyMaterial;

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

    /// <summary>A policy file: instead of fitness, decide whether the certificate would be accepted as a publisher.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Policy { get; set; }

    /// <summary>The policy environment to judge in; the policy's defaults when not given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Environment { get; set; }

    /// <summary>Load the policy only when its detached signature verifies against -PolicyTrustStore.</summary>
    [Parameter]
    public SwitchParameter RequireSignedPolicy { get; set; }

    /// <summary>Trust stores for the policy's own signature, with -RequireSignedPolicy.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] PolicyTrustStore { get; set; } = [];

    /// <summary>Return only $true or $false per certificate.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void BeginProcessing()
    {
        if (Policy is not null)
        {
            LoadPolicy();
            return;
        }

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
            if (_policy is not null)
            {
                EmitAcceptance(certificate, "Pipeline", []);
                continue;
            }

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

            X509Certificate2 signer = SelectSigner(read);
            if (_policy is not null)
            {
                EmitAcceptance(signer, file.Path, OtherCertificates(read, signer));
                return;
            }

            using AsymmetricAlgorithm? separateKey = ReadKeyFile();
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

    private void LoadPolicy()
    {
        if (TrustStore.Length > 0)
        {
            string message = "-TrustStore cannot be used with -Policy: the policy's own code signing trust stores decide the chain. Remove -TrustStore, or name the store in the policy.";
            ThrowTerminatingError(ErrorRecordFactory.Create("TrustStoreWithPolicy", FailureCategory.InvalidArgument, message, Policy));
        }

        try
        {
            string policyPath = ResolveParameterPath(Policy!);
            string[] policyStores = PolicyTrustStore.Select(ResolveParameterPath).ToArray();
            LoadedPolicy loaded = PolicyCommandSupport.Load(policyPath, RequireSignedPolicy, policyStores, out IReadOnlyList<Core.Trust.TrustStore>? policySigners);
            _policy = loaded.Resolve(Environment);
            _policyMaterial = PolicyTrustMaterial.Load(_policy, policySigners);
            WriteVerbose($"Loaded policy '{policyPath}' for {(Environment is null ? "its defaults" : $"environment '{Environment}'")} with {_policyMaterial.CodeSigningStores.Count} code signing trust store(s).");
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
        }
    }

    private static X509Certificate2Collection OtherCertificates(CertificateFile read, X509Certificate2 signer)
        => new(read.Certificates.Where(certificate => !ReferenceEquals(certificate, signer)).ToArray());

    private void EmitAcceptance(X509Certificate2 certificate, string source, X509Certificate2Collection extraCertificates)
    {
        PublisherAcceptanceResult result = PublisherAcceptance.Test(certificate, source, _policy!, _policyMaterial!, DateTime.UtcNow, extraCertificates);
        foreach (string reason in result.Reasons)
        {
            WriteVerbose($"{result.Thumbprint}: {reason}");
        }

        WriteObject(Quiet ? result.Accepted : result);
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
