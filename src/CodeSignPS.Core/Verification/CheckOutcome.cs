namespace CodeSignPS.Core.Verification;

/// <summary>The outcome of one verification check.</summary>
/// <param name="Name">Check name: Format, Integrity, Timestamp, Algorithms, Trust, Time, Revocation.</param>
/// <param name="Passed">Whether the check passed; null when it was not run.</param>
/// <param name="Message">What the check found.</param>
public sealed record CheckOutcome(string Name, bool? Passed, string Message);
