using System.Management.Automation;
using CodeSignPS.Core;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Commands;

/// <summary>
/// Detached signatures: a file's <c>file.p7s</c> is verified with it, a .p7s is never reported
/// alone, and -SignaturePath names the detached signature of a single file.
/// </summary>
public sealed partial class GetCodeSignatureCommand
{
    private readonly HashSet<string> _queuedFiles = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    private string? _resolvedSignaturePath;

    /// <summary>The detached signature of the one file given, when it is not file.p7s beside it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SignaturePath { get; set; }

    private void ValidateSignaturePath()
    {
        if (SignaturePath is null)
        {
            return;
        }

        if (Recurse)
        {
            string message = "-SignaturePath names the detached signature of a single file, and -Recurse may find many; leave -SignaturePath out to verify each file with its file.p7s.";
            ThrowTerminatingError(ErrorRecordFactory.Create("SignaturePathWithManyFiles", FailureCategory.InvalidArgument, message, SignaturePath));
        }

        // The path is literal; whether it exists is checked once the files are known, so that two
        // files with one -SignaturePath are reported as such even when the path is wrong too.
        _resolvedSignaturePath = ResolveParameterPath(SignaturePath);
    }

    private void CheckSignatureFileExists()
    {
        if (Directory.Exists(_resolvedSignaturePath))
        {
            string message = $"The detached signature path '{_resolvedSignaturePath}' is a folder. Name the .p7s file in it that signs the file.";
            ThrowTerminatingError(ErrorRecordFactory.Create("SignaturePathIsFolder", FailureCategory.InvalidArgument, message, _resolvedSignaturePath));
        }

        if (!File.Exists(_resolvedSignaturePath))
        {
            string message = $"The detached signature '{_resolvedSignaturePath}' does not exist. Name the .p7s file that signs the file, or leave -SignaturePath out to use file.p7s beside it.";
            ThrowTerminatingError(ErrorRecordFactory.Create("SignatureFileNotFound", FailureCategory.ObjectNotFound, message, _resolvedSignaturePath));
        }
    }

    /// <summary>
    /// Turns a .p7s into the file it signs. A .p7s found by a walk is skipped, because the walk finds
    /// the file it signs too. A .p7s named explicitly is replaced by that file. A .p7s whose file is
    /// missing is an error. Returns false when nothing is to be queued.
    /// </summary>
    private bool TryPairDetachedSignature(ref ResolvedFile file)
    {
        if (_resolvedSignaturePath is not null && _queue.Count > 0 && !_queuedFiles.Contains(file.Path))
        {
            string message = $"-SignaturePath names the detached signature of a single file, but '{_queue[0]}' and '{file.Path}' were both given.";
            ThrowTerminatingError(ErrorRecordFactory.Create("SignaturePathWithManyFiles", FailureCategory.InvalidArgument, message, SignaturePath));
        }

        string? signedFile = _resolvedSignaturePath is null ? DetachedSignatureFiles.SignedFilePathFor(file.Path) : null;
        if (signedFile is not null)
        {
            if (!File.Exists(signedFile))
            {
                string message = $"The detached signature '{file.Path}' signs '{signedFile}', which does not exist. Restore the file, or delete the signature if the file was removed on purpose.";
                ErrorRecord record = ErrorRecordFactory.Create("SignedFileNotFound", FailureCategory.ObjectNotFound, message, file.Path);
                Reporter.AddError(record);
                WriteFileError(record);
                return false;
            }

            if (!file.IsNamedExplicitly)
            {
                WriteVerbose($"'{file.Path}' is verified with the file it signs, '{signedFile}'.");
                return false;
            }

            file = new ResolvedFile(signedFile, IsNamedExplicitly: true);
        }

        // A file named twice (directly and through its .p7s) gets one result.
        return _queuedFiles.Add(file.Path);
    }

    private void VerifyWithSignaturePath()
    {
        CheckSignatureFileExists();
        try
        {
            foreach (string path in _queue)
            {
                VerificationResult result = _verifier!.Verify(path, _resolvedSignaturePath, CancellationToken);
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
