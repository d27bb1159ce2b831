using CodeSignPS.Core.Reporting;
using CodeSignPS.Core.Signing;

namespace CodeSignPS.Commands;

/// <summary>
/// Report items of Set-CodeSignature: one per file, Signed, Skipped (already signed) or Failed,
/// recorded before the file's error is written. The report files are confirmed like the signing, so
/// -WhatIf writes none.
/// </summary>
public sealed partial class SetCodeSignatureCommand
{
    private protected override bool ConfirmsReports => true;

    private void RecordOutcome(SignOutcome outcome) =>
        Record(root => ReportItems.FromSignOutcome(outcome, root));

    private void RecordFailure(string path, Exception exception) =>
        Record(root => ReportItems.FromSigningFailure(path, exception, root));
}
