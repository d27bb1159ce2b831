namespace CodeSignPS.Core.Policy;

/// <summary>
/// An entry of an environment's <c>overrides</c>: sets one setting to a value that may be looser than
/// the inherited one. <see cref="Value"/> is typed as the setting is: a <see cref="CheckAction"/>,
/// <see cref="PolicyRevocationMode"/>, <see cref="UnsignedAction"/>, <see cref="UncoveredAction"/>,
/// <see cref="Trust.ValidationLevel"/>, an <see cref="int"/>, or an <see cref="IReadOnlyList{T}"/> of strings.
/// </summary>
/// <param name="Setting">The setting path, such as <c>checks.trust</c> or <c>rules.vendor-modules.minimumLevel</c>.</param>
public sealed record PolicyOverride(
    SourcePosition Position,
    PolicyValue<string> Setting,
    PolicyValue<object> Value,
    PolicyValue<string> Reason);
