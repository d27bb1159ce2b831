namespace CodeSignPS.Core.Policy;

/// <summary>One check's outcome in a decision.</summary>
/// <param name="Passed">Null when the check did not run (its action is off, or an earlier failure made it moot).</param>
/// <param name="Message">What the check found, naming the certificate or setting involved.</param>
public sealed record PolicyCheckResult(PolicyCheck Check, CheckAction Action, bool? Passed, string Message);
