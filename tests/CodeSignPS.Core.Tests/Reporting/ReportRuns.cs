using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Reporting;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>Hand-built report runs whose counts the tests know exactly.</summary>
internal static class ReportRuns
{
    /// <summary>A root that is a full path on every system; nothing is written there.</summary>
    public static readonly string Root = Path.Combine(Path.GetTempPath(), "csps-report-root");

    public static readonly DateTimeOffset Start = new(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Two passed, one warned, two failed, one skipped; one run error and one run warning.</summary>
    public static ReportRun Mixed() => Mixed(Root);

    public static ReportRun Mixed(string? root) => new()
    {
        Command = "Assert-CodeSigningPolicy",
        ToolVersion = "0.1.0",
        StartTime = Start,
        EndTime = Start.AddSeconds(2.5),
        PolicyPath = Under("policy.yaml"),
        Environment = "prod",
        Mode = PolicyMode.Enforce,
        Root = root,
        Failed = true,
        Items =
        [
            Item("a.ps1", ReportOutcome.Passed, "Allow"),
            Item("b.ps1", ReportOutcome.Passed, "Allow"),
            Item("c.ps1", ReportOutcome.Warned, "Warn", new ReportIssue(ReportSeverity.Warning, "timestamp", "The signature has no timestamp.", Under("c.ps1"))),
            Item("d.ps1", ReportOutcome.Failed, "Deny",
                new ReportIssue(ReportSeverity.Error, "trust", "The signer is none of the publishers.", Under("d.ps1")),
                new ReportIssue(ReportSeverity.Warning, "timestamp", "The signature has no timestamp.", Under("d.ps1"))),
            Item("e.ps1", ReportOutcome.Failed, "Deny", new ReportIssue(ReportSeverity.Error, "integrity", "The file was changed after signing.", Under("e.ps1"))),
            Item("notes.txt", ReportOutcome.Skipped, "Skipped", new ReportIssue(ReportSeverity.Note, "uncovered", "No rule covers 'notes.txt'.", Under("notes.txt"))),
        ],
        RunIssues =
        [
            new ReportIssue(ReportSeverity.Error, "UnknownKey", "The key 'colour' is not known.", Under("policy.yaml"), 4, 5),
            new ReportIssue(ReportSeverity.Warning, "SignedFileNotFound", "The file of 'x.p7s' is missing.", Under("x.p7s")),
        ],
    };

    /// <summary>A run with no artifact and no issue.</summary>
    public static ReportRun Empty(string command = "Test-CodeSigningPolicy") => new()
    {
        Command = command,
        ToolVersion = "0.1.0",
        StartTime = Start,
        EndTime = Start,
        Root = Root,
    };

    /// <summary>A run of one failed artifact whose path and message are <paramref name="path"/> and <paramref name="message"/>.</summary>
    public static ReportRun OneFailure(string path, string message) => OneFailure(path, message, Root);

    public static ReportRun OneFailure(string path, string message, string? root) => new()
    {
        Command = "Get-CodeSignature",
        ToolVersion = "0.1.0",
        StartTime = Start,
        EndTime = Start,
        Root = root,
        Failed = true,
        Items =
        [
            new ReportItem
            {
                Path = path,
                DisplayPath = ReportItems.DisplayPath(path, root),
                Outcome = ReportOutcome.Failed,
                Status = "HashMismatch",
                Issues = [new ReportIssue(ReportSeverity.Error, "HashMismatch", message, path)],
            },
        ],
    };

    public static string Under(string relative) => Path.Combine(Root, relative);

    public static ReportItem Item(string relative, ReportOutcome outcome, string status, params ReportIssue[] issues) => new()
    {
        Path = Under(relative),
        DisplayPath = relative,
        Outcome = outcome,
        Status = status,
        Issues = issues,
    };
}
