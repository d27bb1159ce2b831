using System.Management.Automation;
using CodeSignPS.Core;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;

namespace CodeSignPS.Commands;

/// <summary>
/// -Detached: signs any file without changing it, writing a CMS signature to <c>file.p7s</c> or to
/// -SignaturePath. Signature files are never signed themselves.
/// </summary>
public sealed partial class SetCodeSignatureCommand
{
    private DetachedSigner? _detachedSigner;
    private string? _resolvedSignaturePath;
    private string? _firstDetachedFile;
    private ResolvedFile? _signaturePathFile;

    /// <summary>Write a detached CMS signature beside each file (file.p7s) and leave the file unchanged.</summary>
    [Parameter]
    public SwitchParameter Detached { get; set; }

    /// <summary>Where to write the detached signature of the one file given; needs -Detached.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SignaturePath { get; set; }

    /// <summary>Stops the command before the key is opened when the parameters do not fit -Detached.</summary>
    private void ValidateDetachedParameters()
    {
        if (SignaturePath is not null && !Detached)
        {
            ThrowParameterError("SignaturePathRequiresDetached", "-SignaturePath names where a detached signature goes; add -Detached, or leave -SignaturePath out to embed the signature.");
        }

        if (SignaturePath is not null && Recurse)
        {
            ThrowParameterError("SignaturePathWithManyFiles", "-SignaturePath takes the signature of a single file, and -Recurse may find many; leave -SignaturePath out to write each file's signature to file.p7s.");
        }

        if (Detached && (SkipIfSigned || ConvertToUtf8Bom))
        {
            ThrowParameterError("ParameterNotValidWithDetached", "-SkipIfSigned and -ConvertToUtf8Bom change or inspect an embedded signature; a detached signature leaves the file unchanged, so leave them out with -Detached.");
        }

        if (SignaturePath is not null)
        {
            // Literal: no wildcards, because the path names a file to create.
            _resolvedSignaturePath = ResolveParameterPath(SignaturePath);
        }
    }

    private void ThrowParameterError(string errorId, string message)
        => ThrowTerminatingError(ErrorRecordFactory.Create(errorId, FailureCategory.InvalidArgument, message, SignaturePath));

    private DetachedSigner CreateDetachedSigner()
    {
        try
        {
            return new DetachedSigner(_key!, _options);
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
            throw; // ThrowTerminatingError does not return.
        }
    }

    private void QueueDetachedFile(ResolvedFile file)
    {
        if (!file.IsNamedExplicitly && (DetachedSignatureFiles.IsSignatureFile(file.Path) || Core.IO.AtomicFileWriter.IsTemporaryFile(file.Path)))
        {
            WriteVerbose($"Skipped '{file.Path}': signature files and temporary files are not signed.");
            return;
        }

        // Counted over every file given, also those that failed their checks, so that two files
        // with one -SignaturePath are reported as such whatever else is wrong.
        _firstDetachedFile ??= file.Path;
        if (_resolvedSignaturePath is not null && _firstDetachedFile != file.Path)
        {
            ThrowParameterError("SignaturePathWithManyFiles", $"-SignaturePath takes the signature of a single file, but '{_firstDetachedFile}' and '{file.Path}' were both given. Nothing was signed.");
        }

        // With -SignaturePath the file waits for the end of the input, so that a second file is
        // reported before anything that is wrong with the first.
        if (_resolvedSignaturePath is not null)
        {
            _signaturePathFile = file;
            return;
        }

        PrepareDetachedFile(file);
    }

    /// <summary>Queues the file that -SignaturePath belongs to, once the input has ended.</summary>
    private void QueueSignaturePathFile()
    {
        if (_signaturePathFile is { } file)
        {
            _signaturePathFile = null;
            PrepareDetachedFile(file);
        }
    }

    private void PrepareDetachedFile(ResolvedFile file)
    {
        // The checks that need no key (file type, signature file, target path) come before the confirmation.
        string target;
        try
        {
            target = _detachedSigner!.Prepare(file.Path, _resolvedSignaturePath);
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, file.Path, FileAccessKind.Read, out ErrorRecord record))
        {
            RecordFailure(file.Path, exception);
            WriteFileError(record);
            return;
        }

        if (!_queuedTargets.Add(target))
        {
            WriteVerbose($"Skipped '{file.Path}': its signature '{target}' is already queued.");
            return;
        }

        if (ShouldProcess(file.Path, $"{_shouldProcessAction}, detached signature to '{target}'"))
        {
            Enqueue(file.Path);
        }
    }

    private IEnumerable<BatchItem<SignOutcome>> SignBatch() => Detached
        ? _detachedSigner!.SignMany(_queue, ThrottleLimit, CancellationToken, _resolvedSignaturePath)
        : _signer!.SignMany(_queue, ThrottleLimit, CancellationToken);

    private string DescribeDetachedOutcome(SignOutcome outcome)
    {
        string signer = outcome.Result.SignerCertificate?.Subject ?? _key!.Certificate.Subject;
        return $"Wrote the detached {_options.HashAlgorithm.Name} signature of '{System.IO.Path.GetFileName(outcome.Path)}' by {signer} to '{outcome.Result.SignaturePath}'.";
    }
}
