namespace CodeSignPS.Core.Verification;

/// <summary>Names of the verification checks, in the order they run.</summary>
public static class CheckNames
{
    public const string Format = "Format";
    public const string Integrity = "Integrity";

    /// <summary>The timestamp's verification; its outcome is null when the signature has none.</summary>
    public const string Timestamp = "Timestamp";

    public const string Algorithms = "Algorithms";
    public const string Trust = "Trust";
    public const string Time = "Time";
    public const string Revocation = "Revocation";
}
