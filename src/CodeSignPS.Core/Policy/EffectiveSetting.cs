namespace CodeSignPS.Core.Policy;

/// <summary>One line of an environment's effective view: a setting, its value, and what set it.</summary>
/// <param name="Setting">The setting path, such as <c>checks.trust</c> or <c>rules.vendor-modules.minimumLevel</c>.</param>
/// <param name="Value">The value as it would be written in YAML, such as <c>enforce</c> or <c>[sha256, sha384]</c>.</param>
/// <param name="SourceName">The environment that set it, <c>defaults</c>, or null for a built-in default.</param>
/// <param name="Position">Where in the file it was set; null for a built-in default.</param>
/// <param name="Reason">The override's reason, when an override set it.</param>
public sealed record EffectiveSetting(
    string Setting,
    string Value,
    SettingOrigin Origin,
    string? SourceName,
    SourcePosition? Position,
    string? Reason);
