using System.Management.Automation;
using System.Text;
using CodeSignPS.Core;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Commands;

/// <summary>
/// Reads and verifies the signatures of files: one result per file, whatever is wrong with it.
/// Trust stores are loaded once in BeginProcessing; files are verified in parallel in batches.
/// </summary>
[Cmdlet(VerbsCommon.Get, "CodeSignature", DefaultParameterSetName = PathParameterSet)]
[OutputType(typeof(VerificationResult))]
public sealed partial class GetCodeSignatureCommand : ReportingFileCmdletBase
{
    // Files are verified in batches of this size, so results start to flow before a long pipeline
    // ends while each batch still keeps every core busy.
    private const int BatchSize = 256;

    private readonly List<string> _queue = new();
    private SignatureVerifier? _verifier;

    /// <summary>Trust anchors: PEM bundles, DER files, or folders of them.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] TrustStore { get; set; } = Array.Empty<string>();

    /// <summary>
    /// Trust anchors for timestamping authorities: PEM bundles, DER files, or folders of them. A
    /// timestamp whose TSA chains to one of them gives the verification time.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] TimestampTrustStore { get; set; } = Array.Empty<string>();

    /// <summary>Trust the operating system's root store as well, for signers and for timestamping authorities.</summary>
    [Parameter]
    public SwitchParameter SystemTrust { get; set; }

    /// <summary>
    /// NoCheck (default); Offline to check the signer's chain against the CRLs given with -CrlPath;
    /// Online to ask the certificates' own OCSP responders and CRL distribution points, after any -CrlPath CRLs.
    /// </summary>
    [Parameter]
    public RevocationMode RevocationMode { get; set; } = RevocationMode.NoCheck;

    /// <summary>CRL files (DER or PEM) or folders of them, for -RevocationMode Offline, or consulted first by Online.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] CrlPath { get; set; } = Array.Empty<string>();

    /// <summary>How script text without a byte order mark is decoded; Windows-1252 when not given.</summary>
    [Parameter]
    [EncodingTransformation]
    public Encoding? Encoding { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    private protected override void BeginFiles()
    {
        var options = new VerificationOptions
        {
            TrustStores = LoadTrustStores(TrustStore),
            TimestampTrustStores = LoadTrustStores(TimestampTrustStore, nameof(TimestampTrustStore)),
            UseSystemTrust = SystemTrust,
            RevocationMode = RevocationMode,
            Crls = LoadCrls(),
            Format = new FormatOptions { ScriptEncoding = Encoding },
        };
        _verifier = new SignatureVerifier(AddOnlineRevocation(options));
        ValidateSignaturePath();
    }

    private IReadOnlyList<CertificateRevocationList> LoadCrls()
    {
        if (CrlPath.Length > 0 && RevocationMode == RevocationMode.NoCheck)
        {
            string message = $"-CrlPath is used only with -RevocationMode Offline or Online, but the mode is {RevocationMode}. Add -RevocationMode Offline to check revocation against these CRLs.";
            ThrowTerminatingError(ErrorRecordFactory.Create("CrlPathWithoutOfflineMode", FailureCategory.InvalidArgument, message, CrlPath[0]));
        }

        try
        {
            IReadOnlyList<CertificateRevocationList> crls = CrlFileLoader.Load(CrlPath.Select(ResolveParameterPath));
            if (RevocationMode != RevocationMode.NoCheck)
            {
                WriteVerbose($"Loaded {crls.Count} CRL(s) from {CrlPath.Length} path(s) for {RevocationMode} revocation checking.");
            }

            return crls;
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
            throw;
        }
    }

    private protected override void ProcessFile(ResolvedFile file)
    {
        if (!TryPairDetachedSignature(ref file))
        {
            return;
        }

        _queue.Add(file.Path);
        if (_queue.Count >= BatchSize)
        {
            VerifyQueuedFiles();
        }
    }

    private protected override void EndFiles() => VerifyQueuedFiles();

    private void VerifyQueuedFiles()
    {
        if (_queue.Count == 0)
        {
            return;
        }

        if (_resolvedSignaturePath is not null)
        {
            VerifyWithSignaturePath();
            return;
        }

        try
        {
            foreach (VerificationResult result in _verifier!.VerifyMany(_queue, ThrottleLimit, CancellationToken))
            {
                RecordResult(result);
                WriteObject(result);
            }
        }
        catch (OperationCanceledException exception)
        {
            ThrowIfStopping(exception);
        }

        ClearQueue();
    }
}
