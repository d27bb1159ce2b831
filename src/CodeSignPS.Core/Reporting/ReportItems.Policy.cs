using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Reporting;

public static partial class ReportItems
{
    /// <summary>The issue codes of decision reasons that are not checks, in the policy file's own spelling.</summary>
    public static class PolicyCodes
    {
        public const string Unsigned = "unsigned";
        public const string Uncovered = "uncovered";

        /// <summary>An exception of the policy allowed the artifact.</summary>
        public const string ExceptionUsed = "exception";

        /// <summary>An exception matched the artifact but had expired, so it was judged without it.</summary>
        public const string ExceptionExpired = "exceptionExpired";

        /// <summary>An exception names the artifact's path, but pins another SHA-256, or the file could not be read to compare it.</summary>
        public const string ExceptionNotApplied = "exceptionNotApplied";

        /// <summary>Evaluating the artifact failed unexpectedly, so it was denied.</summary>
        public const string EvaluationFailed = "evaluationFailed";
    }

    /// <summary>
    /// The item for a policy decision. Allow is Passed, Warn and Audit are Warned, Deny is Failed and
    /// Skipped is Skipped. An Allow that carries a warning or error (an expired exception) is Warned, so
    /// that it shows in every report.
    /// </summary>
    /// <remarks>
    /// Each failed check is an issue coded with the check's name as the policy spells it (<c>trust</c>),
    /// an error when its action is enforce and a warning when it is warn. In audit mode nothing fails the
    /// run, so errors become warnings. When an exception allowed the file, its excused failures become notes.
    /// </remarks>
    public static ReportItem FromDecision(PolicyDecision decision, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(decision);

        List<ReportIssue> issues = DecisionIssues(decision);
        ReportOutcome outcome = decision.Outcome switch
        {
            PolicyOutcome.Allow when issues.Exists(issue => issue.Severity != ReportSeverity.Note) => ReportOutcome.Warned,
            PolicyOutcome.Allow => ReportOutcome.Passed,
            PolicyOutcome.Warn or PolicyOutcome.Audit => ReportOutcome.Warned,
            PolicyOutcome.Deny => ReportOutcome.Failed,
            _ => ReportOutcome.Skipped,
        };
        string displayPath = string.IsNullOrEmpty(decision.RelativePath) || root is not null
            ? DisplayPath(decision.Path, root)
            : decision.RelativePath;

        return new ReportItem
        {
            Path = decision.Path,
            DisplayPath = displayPath,
            Outcome = outcome,
            Status = decision.Outcome.ToString(),
            Issues = issues,
            Detail = decision,
        };
    }

    /// <summary>The spelling of <paramref name="check"/> in a policy file's <c>checks</c>, such as <c>revocation</c>.</summary>
    public static string PolicyName(PolicyCheck check)
    {
        string name = check.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static List<ReportIssue> DecisionIssues(PolicyDecision decision)
    {
        bool excused = decision.Outcome == PolicyOutcome.Allow && decision.Exception is not null && !decision.IsExceptionExpired;
        var issues = new List<ReportIssue>();
        var checkReasons = new List<string>();
        foreach (PolicyCheckResult check in decision.Checks.Where(check => check.Passed == false))
        {
            ReportSeverity severity = excused ? ReportSeverity.Note : SeverityOf(check.Action, decision.Mode);
            issues.Add(new ReportIssue(severity, PolicyName(check.Check), check.Message, decision.Path));
            checkReasons.Add(check.Check + " failed (");
        }

        foreach (string reason in decision.Reasons)
        {
            // The evaluator writes one reason per failed check, which the checks above already report.
            if (checkReasons.Exists(prefix => reason.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            string code = ClassifyReason(decision, reason);
            issues.Add(new ReportIssue(SeverityOfReason(decision, code), code, reason, decision.Path));
        }

        return issues;
    }

    // NOTE: reasons other than checks are plain text in PolicyDecision.Reasons, so they are classified
    // by the opening words PolicyEvaluator gives them. ReportItemsTests checks them on real decisions.
    private static string ClassifyReason(PolicyDecision decision, string reason)
    {
        if (reason.StartsWith("Allowed by the exception", StringComparison.Ordinal))
        {
            return PolicyCodes.ExceptionUsed;
        }

        if (decision.IsExceptionExpired && reason.StartsWith("Error: the exception", StringComparison.Ordinal))
        {
            return PolicyCodes.ExceptionExpired;
        }

        if (reason.StartsWith("The exception for", StringComparison.Ordinal) || reason.StartsWith("An exception names", StringComparison.Ordinal))
        {
            return PolicyCodes.ExceptionNotApplied;
        }

        if (decision.Rule is null && reason.StartsWith("No rule covers", StringComparison.Ordinal))
        {
            return PolicyCodes.Uncovered;
        }

        bool unsigned = decision.Verification?.Status is SignatureStatus.NotSigned or SignatureStatus.UnsupportedFormat;
        return decision.Rule is not null && unsigned ? PolicyCodes.Unsigned : PolicyCodes.EvaluationFailed;
    }

    private static ReportSeverity SeverityOfReason(PolicyDecision decision, string code) => code switch
    {
        PolicyCodes.ExceptionUsed => ReportSeverity.Note,
        PolicyCodes.ExceptionNotApplied => ReportSeverity.Warning,
        PolicyCodes.ExceptionExpired => SeverityOf(CheckAction.Enforce, decision.Mode),
        _ => decision.Outcome switch
        {
            PolicyOutcome.Deny => ReportSeverity.Error,
            PolicyOutcome.Audit or PolicyOutcome.Warn => ReportSeverity.Warning,
            _ => ReportSeverity.Note,
        },
    };

    private static ReportSeverity SeverityOf(CheckAction action, PolicyMode mode) =>
        action == CheckAction.Enforce && mode == PolicyMode.Enforce ? ReportSeverity.Error : ReportSeverity.Warning;
}
