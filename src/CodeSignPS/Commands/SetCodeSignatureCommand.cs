using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Commands;

/// <summary>
/// Signs files in place with an embedded Authenticode signature. The key is opened once in
/// BeginProcessing; files are collected (and confirmed with ShouldProcess) as they arrive, then
/// signed in parallel in EndProcessing.
/// </summary>
[Cmdlet(VerbsCommon.Set, "CodeSignature", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = CertificatePathSet)]
[OutputType(typeof(VerificationResult))]
public sealed partial class SetCodeSignatureCommand : ReportingFileCmdletBase
{
    // Each key source crossed with -Path and -LiteralPath.
    private const string CertificatePathSet = "CertificatePath";
    private const string CertificateLiteralPathSet = "CertificateLiteralPath";
    private const string CertificateFilePathSet = "CertificateFilePath";
    private const string CertificateFileLiteralPathSet = "CertificateFileLiteralPath";
    private const string ThumbprintPathSet = "ThumbprintPath";
    private const string ThumbprintLiteralPathSet = "ThumbprintLiteralPath";
    private const string SigningKeyPathSet = "SigningKeyPath";
    private const string SigningKeyLiteralPathSet = "SigningKeyLiteralPath";
    private const string CertificateFilePasswordVariablePathSet = "CertificateFilePasswordVariablePath";
    private const string CertificateFilePasswordVariableLiteralPathSet = "CertificateFilePasswordVariableLiteralPath";
    private const string CertificateBase64VariablePathSet = "CertificateBase64VariablePath";
    private const string CertificateBase64VariableLiteralPathSet = "CertificateBase64VariableLiteralPath";

    // Batches up to this many files finish fast enough that a progress bar would only flicker.
    private const int ProgressThreshold = 20;

    private readonly List<string> _queue = new();
    private readonly Dictionary<string, long> _queuedInputs = new();
    private readonly HashSet<string> _queuedTargets = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    private SigningKey? _key;
    private bool _ownsKey;
    private SigningOptions _options = new();
    private FileSigner? _signer;
    private string _shouldProcessAction = string.Empty;
    private int _signedCount;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CertificatePathSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CertificateFilePathSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ThumbprintPathSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SigningKeyPathSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CertificateFilePasswordVariablePathSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CertificateBase64VariablePathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public override string[] Path
    {
        get => base.Path;
        set => base.Path = value;
    }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CertificateLiteralPathSet)]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CertificateFileLiteralPathSet)]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ThumbprintLiteralPathSet)]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SigningKeyLiteralPathSet)]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CertificateFilePasswordVariableLiteralPathSet)]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CertificateBase64VariableLiteralPathSet)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public override string[] LiteralPath
    {
        get => base.LiteralPath;
        set => base.LiteralPath = value;
    }

    /// <summary>A code signing certificate with its private key, for example from Get-PfxCertificate.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateLiteralPathSet)]
    [ValidateNotNull]
    public X509Certificate2 Certificate { get; set; } = null!;

    /// <summary>A PFX (PKCS#12) file, or a PEM certificate whose key is in -KeyPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificateFilePathSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateFileLiteralPathSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateFilePasswordVariablePathSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateFilePasswordVariableLiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>The password of the PFX file or of the encrypted PEM key.</summary>
    [Parameter(ParameterSetName = CertificateFilePathSet)]
    [Parameter(ParameterSetName = CertificateFileLiteralPathSet)]
    public SecureString? Password { get; set; }

    /// <summary>A PEM private key for the PEM certificate in -CertificatePath.</summary>
    [Parameter(ParameterSetName = CertificateFilePathSet)]
    [Parameter(ParameterSetName = CertificateFileLiteralPathSet)]
    [Parameter(ParameterSetName = CertificateFilePasswordVariablePathSet)]
    [Parameter(ParameterSetName = CertificateFilePasswordVariableLiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? KeyPath { get; set; }

    /// <summary>The SHA-1 thumbprint of a certificate in the "My" store of -StoreLocation.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ThumbprintPathSet)]
    [Parameter(Mandatory = true, ParameterSetName = ThumbprintLiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string Thumbprint { get; set; } = string.Empty;

    [Parameter(ParameterSetName = ThumbprintPathSet)]
    [Parameter(ParameterSetName = ThumbprintLiteralPathSet)]
    public StoreLocation StoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>A signing key the caller opened, for signers this module has no loader for.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SigningKeyPathSet)]
    [Parameter(Mandatory = true, ParameterSetName = SigningKeyLiteralPathSet)]
    [ValidateNotNull]
    public SigningKey SigningKey { get; set; } = null!;

    [Parameter]
    [ArgumentCompleter(typeof(HashAlgorithmCompleter))]
    [ValidateNotNullOrEmpty]
    public string HashAlgorithm { get; set; } = "SHA256";

    [Parameter]
    public ChainInclusion IncludeChain { get; set; } = ChainInclusion.NotRoot;

    /// <summary>How script text without a byte order mark is decoded; Windows-1252 when not given.</summary>
    [Parameter]
    [EncodingTransformation]
    public Encoding? Encoding { get; set; }

    [Parameter]
    public SwitchParameter ConvertToUtf8Bom { get; set; }

    [Parameter]
    public SwitchParameter SkipIfSigned { get; set; }

    /// <summary>Sign files that have several hard links, although replacing the file splits them.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Trust stores for the result -PassThru returns: PEM bundles, DER files or folders of them.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[] TrustStore { get; set; } = Array.Empty<string>();

    /// <summary>Timestamping trust stores for the result -PassThru returns, in the forms of -TrustStore.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[] TimestampTrustStore { get; set; } = Array.Empty<string>();

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    private protected override void BeginFiles()
    {
        ReadSecretVariables();
        ValidateDetachedParameters();
        HashAlgorithmName hashAlgorithm = ParseHashAlgorithm();

        _key = OpenKey();
        X509Certificate2 certificate = _key.Certificate;
        _shouldProcessAction = $"Sign with certificate {certificate.Subject} ({certificate.Thumbprint})";
        WriteVerbose($"Signing with {certificate.Subject} ({certificate.Thumbprint}) from {_key.Source}, digest {hashAlgorithm.Name}, chain {IncludeChain}.");

        _options = new SigningOptions
        {
            HashAlgorithm = hashAlgorithm,
            IncludeChain = IncludeChain,
            Format = new FormatOptions { ScriptEncoding = Encoding },
            SkipIfSigned = SkipIfSigned,
            Force = Force,
            ConvertToUtf8Bom = ConvertToUtf8Bom,
            Verification = new VerificationOptions
            {
                TrustStores = LoadTrustStores(TrustStore),
                TimestampTrustStores = LoadTrustStores(TimestampTrustStore, nameof(TimestampTrustStore)),
            },
            Timestamp = CreateTimestampOptions(hashAlgorithm),
        };
        if (Detached)
        {
            _detachedSigner = CreateDetachedSigner();
            SubscribeToTimestampAttempts(_detachedSigner.TimestampClient);
        }
        else
        {
            _signer = CreateSigner();
            SubscribeToTimestampAttempts(_signer.TimestampClient);
        }
    }

    private FileSigner CreateSigner()
    {
        try
        {
            return new FileSigner(_key!, _options);
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
            throw; // ThrowTerminatingError does not return.
        }
    }

    private protected override void ProcessFile(ResolvedFile file)
    {
        if (Detached)
        {
            QueueDetachedFile(file);
            return;
        }

        if (!IsSupportedFormat(file))
        {
            return;
        }

        // The checks that need no key (format, file type, hard links) come before the confirmation.
        string target;
        try
        {
            target = _signer!.Prepare(file.Path);
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, file.Path, FileAccessKind.Read, out ErrorRecord record))
        {
            RecordFailure(file.Path, exception);
            WriteFileError(record);
            return;
        }

        // Two paths to one file (the same name twice, or a symbolic link and its target) would make
        // two parallel writers replace the same file.
        if (!_queuedTargets.Add(target))
        {
            WriteVerbose($"Skipped '{file.Path}': the same file is already queued for signing.");
            return;
        }

        if (ShouldProcess(file.Path, _shouldProcessAction))
        {
            Enqueue(file.Path);
        }
    }

    private protected override int QueuedFileCount => _queue.Count;

    private protected override int UnfinishedFileCount => _queue.Count - _signedCount;

    /// <summary>Queues a confirmed file, remembering its place in the input for the order of the errors.</summary>
    private void Enqueue(string path)
    {
        _queue.Add(path);
        _queuedInputs[path] = CurrentInput;
    }

    private protected override void EndFiles()
    {
        try
        {
            QueueSignaturePathFile();
            if (_queue.Count > 0)
            {
                SignQueuedFiles();
            }
        }
        finally
        {
            ReleaseKey();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReleaseKey();
        }

        base.Dispose(disposing);
    }

    private HashAlgorithmName ParseHashAlgorithm()
    {
        try
        {
            return SigningHashAlgorithm.Parse(HashAlgorithm);
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
            throw; // ThrowTerminatingError does not return.
        }
    }

    /// <summary>Opens the key of the chosen parameter set; any key problem stops the command before a file is touched.</summary>
    private SigningKey OpenKey()
    {
        if (SigningKey is not null)
        {
            _ownsKey = false;
            return SigningKey;
        }

        string target = KeyTarget();
        try
        {
            SigningKey key = OpenOwnedKey();
            _ownsKey = true;
            return key;
        }
        catch (CryptographicException exception)
        {
            string message = $"Cannot open the signing key from '{target}': {exception.Message}";
            ThrowTerminatingError(new ErrorRecord(exception, "SigningKeyLoadFailed", ErrorCategory.SecurityError, target) { ErrorDetails = new ErrorDetails(message) });
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, target, FileAccessKind.Read, out ErrorRecord record))
        {
            ThrowTerminatingError(record);
        }

        finally
        {
            ReleaseSecrets();
        }

        throw new InvalidOperationException("ThrowTerminatingError returned.");
    }

    private SigningKey OpenOwnedKey()
    {
        if (Certificate is not null)
        {
            return SigningKeyLoader.FromCertificate(Certificate);
        }

        if (!string.IsNullOrEmpty(Thumbprint))
        {
            return SigningKeyLoader.FromStore(Thumbprint, StoreLocation);
        }

        if (_secrets?.PfxVariable is not null)
        {
            return SigningKeyLoader.FromPfxVariable(_secrets);
        }

        string certificatePath = ResolveParameterPath(CertificatePath);
        if (KeyPath is null)
        {
            return _secrets is null ? SigningKeyLoader.FromPfx(certificatePath, Password) : SigningKeyLoader.FromPfxWithPasswordVariable(certificatePath, _secrets);
        }

        return SigningKeyLoader.FromPem(certificatePath, ResolveParameterPath(KeyPath), _secrets is null ? Password : _secrets.Password);
    }

    private string KeyTarget() =>
        Certificate?.Thumbprint ?? CertificateBase64Variable ?? (string.IsNullOrEmpty(Thumbprint) ? CertificatePath : Thumbprint);

    private void SignQueuedFiles()
    {
        var progress = _queue.Count > ProgressThreshold ? new ProgressRecord(1, "Signing files", $"0 of {_queue.Count}") : null;
        int completed = 0;

        try
        {
            foreach (BatchItem<SignOutcome> item in SignBatch())
            {
                completed++;
                _signedCount = completed;
                WriteTimestampAttempts();
                WriteBatchItem(item);
                if (progress is not null)
                {
                    progress.StatusDescription = $"{completed} of {_queue.Count}: {item.Path}";
                    progress.PercentComplete = completed * 100 / _queue.Count;
                    WriteProgress(progress);
                }
            }
        }
        catch (OperationCanceledException exception)
        {
            ThrowIfStopping(exception);
        }

        WriteTimestampAttempts();
        if (progress is not null)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    private void WriteBatchItem(BatchItem<SignOutcome> item)
    {
        if (item.Error is not null)
        {
            if (!ErrorRecordFactory.TryCreateForFile(item.Error, item.Path, FileAccessKind.Write, out ErrorRecord record))
            {
                // An exception type the core does not document is a bug; let it surface as one.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(item.Error).Throw();
            }

            RecordFailure(item.Path, item.Error);
            WriteFileError(record, _queuedInputs.GetValueOrDefault(item.Path, CurrentInput));
            return;
        }

        SignOutcome outcome = item.Outcome
            ?? throw new InvalidOperationException($"The signer returned neither an outcome nor an error for '{item.Path}'.");
        RecordOutcome(outcome);
        foreach (string warning in outcome.Warnings)
        {
            WriteWarning(warning);
        }

        WriteVerbose(DescribeOutcome(outcome));
        if (PassThru)
        {
            WriteObject(outcome.Result);
        }
    }

    private string DescribeOutcome(SignOutcome outcome)
    {
        if (Detached)
        {
            return DescribeDetachedOutcome(outcome);
        }

        string fileName = System.IO.Path.GetFileName(outcome.Path);
        string signer = outcome.Result.SignerCertificate?.Subject ?? _key!.Certificate.Subject;
        return outcome.Skipped
            ? $"Skipped '{fileName}', already signed by {signer}."
            : $"Signed '{fileName}' with {_options.HashAlgorithm.Name} by {signer}.";
    }

    private void ReleaseKey()
    {
        ReleaseSecrets();
        _signer?.Dispose();
        _signer = null;
        _detachedSigner?.Dispose();
        _detachedSigner = null;

        // A key passed with -SigningKey belongs to the caller, who may use it again.
        if (_ownsKey)
        {
            _key?.Dispose();
        }

        _key = null;
    }
}
