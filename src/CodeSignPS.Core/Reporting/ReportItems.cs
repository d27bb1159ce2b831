using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Reporting;

/// <summary>
/// Turns what the commands produce (policy decisions, verification results, signing outcomes and
/// failures, policy file errors) into report items and issues, so that every report format judges them alike.
/// </summary>
public static partial class ReportItems
{
    /// <summary>
    /// The item for a verification result: Passed when the signature is valid, else Failed with one
    /// issue whose code is the <see cref="SignatureStatus"/> name.
    /// </summary>
    /// <param name="root">The folder display paths are relative to, or null for full paths.</param>
    public static ReportItem FromVerification(VerificationResult result, string? root)
    {
        ArgumentNullException.ThrowIfNull(result);

        bool valid = result.Status == SignatureStatus.Valid;
        return new ReportItem
        {
            Path = result.Path,
            DisplayPath = DisplayPath(result.Path, root),
            Outcome = valid ? ReportOutcome.Passed : ReportOutcome.Failed,
            Status = result.Status.ToString(),
            Issues = valid ? [] : [new ReportIssue(ReportSeverity.Error, result.Status.ToString(), result.StatusMessage, result.Path)],
            Detail = result,
        };
    }

    /// <summary>
    /// The item for a file that signing handled: Passed when it was signed, Skipped when it already had a
    /// valid signature by the same certificate. Signing warnings (such as a script without a byte order
    /// mark) become notes.
    /// </summary>
    public static ReportItem FromSignOutcome(SignOutcome outcome, string? root)
    {
        ArgumentNullException.ThrowIfNull(outcome);

        return new ReportItem
        {
            Path = outcome.Path,
            DisplayPath = DisplayPath(outcome.Path, root),
            Outcome = outcome.Skipped ? ReportOutcome.Skipped : ReportOutcome.Passed,
            Status = outcome.Skipped ? "AlreadySigned" : "Signed",
            Issues = outcome.Warnings.Select(warning => new ReportIssue(ReportSeverity.Note, "SigningWarning", warning, outcome.Path)).ToArray(),
            Detail = outcome,
        };
    }

    /// <summary>
    /// The item for a file that could not be signed: Failed, with the <see cref="CodeSignException.ErrorId"/>
    /// as the code, or the exception's type name for any other exception.
    /// </summary>
    public static ReportItem FromSigningFailure(string path, Exception exception, string? root)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(exception);

        string code = exception is CodeSignException codeSign ? codeSign.ErrorId : exception.GetType().Name;
        return new ReportItem
        {
            Path = path,
            DisplayPath = DisplayPath(path, root),
            Outcome = ReportOutcome.Failed,
            Status = "SigningFailed",
            Issues = [new ReportIssue(ReportSeverity.Error, code, exception.Message, path)],
        };
    }

    /// <summary>A policy file error as a run issue of error severity, at its line and column.</summary>
    public static ReportIssue FromPolicyError(PolicyError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ReportIssue(ReportSeverity.Error, error.Code, error.Message, error.File, error.Line, error.Column);
    }

    /// <summary>A policy file warning as a run issue of warning severity, at its line and column.</summary>
    public static ReportIssue FromPolicyWarning(PolicyWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        return new ReportIssue(ReportSeverity.Warning, warning.Code, warning.Message, warning.File, warning.Line, warning.Column);
    }

    /// <summary>
    /// A file the artifact walk set aside as a run issue: an error when files went unevaluated, a
    /// warning otherwise (<see cref="ArtifactIssue.IsWarning"/>).
    /// </summary>
    public static ReportIssue FromArtifactIssue(ArtifactIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return new ReportIssue(issue.IsWarning ? ReportSeverity.Warning : ReportSeverity.Error, issue.ErrorId, issue.Message, issue.Path);
    }

    /// <summary>
    /// The path shown to people: relative to <paramref name="root"/> with <c>/</c> separators when the
    /// file is under it, else the full path.
    /// </summary>
    public static string DisplayPath(string path, string? root)
    {
        ArgumentNullException.ThrowIfNull(path);

        if (path.Contains('\0', StringComparison.Ordinal) || root?.Contains('\0', StringComparison.Ordinal) == true)
        {
            // No file system path contains a NUL, so such a path came from a message and is shown as given.
            return path;
        }

        string fullPath = Path.GetFullPath(path);
        if (string.IsNullOrEmpty(root))
        {
            return fullPath;
        }

        string relative = Path.GetRelativePath(Path.GetFullPath(root), fullPath);
        bool outside = relative == "." || relative == ".." || Path.IsPathRooted(relative)
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith(".." + Path.AltDirectorySeparatorChar, StringComparison.Ordinal);
        return outside ? fullPath : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
