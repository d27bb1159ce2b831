using CodeSignPS.Core.Reporting;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Commands;

/// <summary>
/// Report items of Get-CodeSignature: one per verification result, Valid passing and anything else
/// failing. The counts let a run that ends early report how many queued files were not verified.
/// </summary>
public sealed partial class GetCodeSignatureCommand
{
    private int _verifiedCount;
    private int _finishedBatchesCount;

    private protected override int QueuedFileCount => _finishedBatchesCount + _queue.Count;

    private protected override int UnfinishedFileCount => QueuedFileCount - _verifiedCount;

    private void RecordResult(VerificationResult result)
    {
        _verifiedCount++;
        Record(root => ReportItems.FromVerification(result, root));
    }

    private void ClearQueue()
    {
        _finishedBatchesCount += _queue.Count;
        _queue.Clear();
    }
}
