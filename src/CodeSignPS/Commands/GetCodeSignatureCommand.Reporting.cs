using CodeSignPS.Core.Reporting;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Commands;

/// <summary>Report items of Get-CodeSignature: one per verification result, Valid passing and anything else failing.</summary>
public sealed partial class GetCodeSignatureCommand
{
    private void RecordResult(VerificationResult result) =>
        Record(root => ReportItems.FromVerification(result, root));
}
