using System.Management.Automation;
using System.Text;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;

namespace CodeSignPS.Commands;

/// <summary>Strips embedded signatures, restoring exactly the bytes that were signed.</summary>
[Cmdlet(VerbsCommon.Remove, "CodeSignature", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathParameterSet)]
[OutputType(typeof(FileInfo))]
public sealed class RemoveCodeSignatureCommand : CodeSignFileCmdletBase
{
    private FormatOptions _formatOptions = FormatOptions.Default;

    /// <summary>How script text without a byte order mark is decoded; Windows-1252 when not given.</summary>
    [Parameter]
    [EncodingTransformation]
    public Encoding? Encoding { get; set; }

    /// <summary>Write the FileInfo of each processed file to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Strip the block of files that have several hard links, although replacing the file splits them.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing() =>
        _formatOptions = new FormatOptions { ScriptEncoding = Encoding };

    private protected override void ProcessFile(ResolvedFile file)
    {
        if (!IsSupportedFormat(file) || !ShouldProcess(file.Path, "Remove signature"))
        {
            return;
        }

        try
        {
            bool removed = SignatureRemover.Remove(file.Path, _formatOptions, Force);
            WriteVerbose(removed
                ? $"Removed the signature of '{file.Path}'."
                : $"'{file.Path}' has no signature; left it unchanged.");
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, file.Path, FileAccessKind.Write, out ErrorRecord record))
        {
            WriteError(record);
            return;
        }

        if (PassThru)
        {
            WriteObject(new FileInfo(file.Path));
        }
    }
}
