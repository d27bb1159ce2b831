namespace CodeSignPS.Core.Policy;

/// <summary>An entry of <c>exceptions</c>: one file, pinned to its content, allowed in named environments until a date.</summary>
/// <param name="Path">Relative to the artifact root, with <c>/</c> as separator.</param>
/// <param name="Sha256">The file's SHA-256, lower-case hex.</param>
/// <param name="Expires">The last day (UTC) the exception applies.</param>
public sealed record ExceptionDefinition(
    SourcePosition Position,
    PolicyValue<string> Path,
    PolicyValue<string> Sha256,
    IReadOnlyList<PolicyValue<string>> Environments,
    PolicyValue<string> Reason,
    PolicyValue<string> Ticket,
    PolicyValue<DateOnly> Expires);
