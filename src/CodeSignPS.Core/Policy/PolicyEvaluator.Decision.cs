using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Policy;

/// <summary>The decision on one artifact: coverage, signature, checks, then exceptions.</summary>
public sealed partial class PolicyEvaluator
{
    private PolicyDecision Decide(Artifact artifact, CancellationToken cancellationToken)
    {
        RuleMatch? match = _selector.Select(artifact.RelativePath);
        if (match is null)
        {
            Draft uncovered = Uncovered(artifact);
            return uncovered.Outcome == PolicyOutcome.Skipped ? uncovered.Build(this) : ApplyException(uncovered, artifact).Build(this);
        }

        cancellationToken.ThrowIfCancellationRequested();
        VerificationResult verification = _verifier.Verify(artifact.Path, signaturePath: null, cancellationToken);
        Draft draft = verification.Status is SignatureStatus.NotSigned or SignatureStatus.UnsupportedFormat
            ? Unsigned(artifact, match.Rule, verification)
            : Judge(artifact, match.Rule, verification);
        return ApplyException(draft, artifact).Build(this);
    }

    private Draft Uncovered(Artifact artifact)
    {
        string reason = $"No rule covers '{artifact.RelativePath}'; uncovered is {_policy.Uncovered.ToString().ToLowerInvariant()} in this environment.";
        PolicyOutcome outcome = _policy.Uncovered switch
        {
            UncoveredAction.Deny => Denied(_policy.Mode),
            UncoveredAction.Warn => PolicyOutcome.Warn,
            _ => PolicyOutcome.Skipped,
        };
        return new Draft(artifact, null, null) { Outcome = outcome, Reasons = { reason } };
    }

    private Draft Unsigned(Artifact artifact, RuleDefinition rule, VerificationResult verification)
    {
        string reason = $"'{artifact.RelativePath}' is not signed, and rule '{rule.Name}' covers it; unsigned is {_policy.Unsigned.ToString().ToLowerInvariant()} in this environment. {verification.StatusMessage}";
        PolicyOutcome outcome = _policy.Unsigned switch
        {
            UnsignedAction.Allow => PolicyOutcome.Allow,
            UnsignedAction.Warn => PolicyOutcome.Warn,
            _ => Denied(_policy.Mode),
        };
        return new Draft(artifact, rule, verification) { Outcome = outcome, RequiredLevel = _policy.MinimumLevelFor(rule), Reasons = { reason } };
    }

    private Draft Judge(Artifact artifact, RuleDefinition rule, VerificationResult verification)
    {
        PolicyCheckResult integrity = CheckIntegrity(verification);
        TrustFinding trust = FindTrust(rule, verification);
        PolicyCheckResult[] checks = integrity.Passed == true
            ? [
                integrity,
                CheckTrust(verification, _policy.ActionFor(PolicyCheck.Trust), rule, trust),
                CheckTimestamp(verification, _policy.ActionFor(PolicyCheck.Timestamp)),
                CheckExpiry(verification, _policy.ActionFor(PolicyCheck.Expiry), _runTime),
                CheckRevocation(verification, _policy.ActionFor(PolicyCheck.Revocation), _policy.RevocationMode),
                CheckAlgorithms(verification, _policy.ActionFor(PolicyCheck.Algorithms), _policy, KeyOf(verification.SignerCertificate!)),
            ]
            : [integrity, .. Enum.GetValues<PolicyCheck>().Skip(1).Select(check => NotReached(check, _policy.ActionFor(check)))];

        var draft = new Draft(artifact, rule, verification)
        {
            Outcome = CombineOutcome(checks, _policy.Mode),
            Publisher = trust.Publisher,
            Level = trust.Level,
            RequiredLevel = trust.RequiredLevel,
            Checks = checks,
        };
        foreach (PolicyCheckResult failed in checks.Where(check => check.Passed == false))
        {
            string action = failed.Action == CheckAction.Enforce ? "enforced" : "warn only";
            draft.Reasons.Add($"{failed.Check} failed ({action}): {failed.Message}");
        }

        return draft;
    }

    private TrustFinding FindTrust(RuleDefinition rule, VerificationResult verification)
    {
        ValidationLevel required = _policy.MinimumLevelFor(rule);
        if (verification.SignerCertificate is not { } signer)
        {
            return new TrustFinding(null, null, ValidationLevel.Unknown, required, []);
        }

        PolicyTrustStore? anchor = verification.Chain.Count == 0 ? null : _trustMaterial.FindAnchorStore(verification.Chain);
        ValidationLevel level = PolicyLevelClassifier.Classify(signer, anchor, _policy.Document.Levels);
        var mismatches = new List<string>();
        foreach (PolicyValue<string> name in rule.Publishers)
        {
            PublisherDefinition? publisher = _policy.Document.Publishers.FirstOrDefault(candidate => candidate.Name == name.Value);
            if (publisher is null)
            {
                mismatches.Add($"The publisher '{name.Value}' is not defined in the policy.");
                continue;
            }

            string? mismatch = PublisherMatcher.FindMismatch(publisher, signer, anchor);
            if (mismatch is null)
            {
                return new TrustFinding(anchor?.Definition.Name, publisher.Name, level, required, []);
            }

            mismatches.Add(mismatch);
        }

        return new TrustFinding(anchor?.Definition.Name, null, level, required, mismatches);
    }

    private Draft ApplyException(Draft draft, Artifact artifact)
    {
        ExceptionMatch match;
        try
        {
            match = _exceptions.Match(artifact);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            draft.Reasons.Add($"An exception names '{artifact.RelativePath}', but the file could not be read to compare its SHA-256: {exception.Message}");
            return draft;
        }

        ExceptionDefinition? exceptionDefinition = match.Exception;
        switch (match.Kind)
        {
            case ExceptionMatchKind.Applies:
                draft.Outcome = PolicyOutcome.Allow;
                draft.Exception = exceptionDefinition;
                draft.Reasons.Insert(0, $"Allowed by the exception for '{exceptionDefinition!.Path.Value}' (ticket {exceptionDefinition.Ticket.Value}, until {exceptionDefinition.Expires.Value:yyyy-MM-dd}): {exceptionDefinition.Reason.Value}");
                break;
            case ExceptionMatchKind.Expired:
                draft.Exception = exceptionDefinition;
                draft.IsExceptionExpired = true;
                draft.Reasons.Add($"Error: the exception for '{exceptionDefinition!.Path.Value}' (ticket {exceptionDefinition.Ticket.Value}, {exceptionDefinition.Position}) expired on {exceptionDefinition.Expires.Value:yyyy-MM-dd}, so the file was judged without it. Renew the exception or fix the file.");
                break;
            case ExceptionMatchKind.ContentChanged:
                draft.Reasons.Add($"The exception for '{exceptionDefinition!.Path.Value}' (ticket {exceptionDefinition.Ticket.Value}, {exceptionDefinition.Position}) pins SHA-256 {exceptionDefinition.Sha256.Value}, but the file's SHA-256 is {match.Sha256}: the file changed since the exception was written, so it does not apply. Review the file and update the exception.");
                break;
        }

        return draft;
    }

    /// <summary>A decision being put together; built once its exception is applied.</summary>
    private sealed class Draft(Artifact artifact, RuleDefinition? rule, VerificationResult? verification)
    {
        public PolicyOutcome Outcome { get; set; }

        public string? Publisher { get; init; }

        public ValidationLevel Level { get; init; }

        public ValidationLevel RequiredLevel { get; init; }

        public IReadOnlyList<PolicyCheckResult> Checks { get; init; } = [];

        public List<string> Reasons { get; } = new();

        public ExceptionDefinition? Exception { get; set; }

        public bool IsExceptionExpired { get; set; }

        public PolicyDecision Build(PolicyEvaluator evaluator) => new()
        {
            Path = artifact.Path,
            RelativePath = artifact.RelativePath,
            Outcome = Outcome,
            Environment = evaluator._policy.Environment,
            Mode = evaluator._policy.Mode,
            Rule = rule?.Name,
            Publisher = Publisher,
            ValidationLevel = Level,
            RequiredLevel = RequiredLevel,
            Checks = Checks,
            Reasons = Reasons.ToArray(),
            Exception = Exception,
            IsExceptionExpired = IsExceptionExpired,
            Verification = verification,
        };
    }
}
