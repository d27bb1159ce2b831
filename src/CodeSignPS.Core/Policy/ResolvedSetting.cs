namespace CodeSignPS.Core.Policy;

/// <summary>The value a setting has at one step of resolving an environment, and what set it.</summary>
internal sealed record ResolvedSetting(object Value, SettingOrigin Origin, string? SourceName, SourcePosition? Position, string? Reason)
{
    /// <summary>Names what set the value, for messages: the built-in default, <c>defaults</c>, an environment or its override, with the position.</summary>
    public string Describe() => Origin switch
    {
        SettingOrigin.BuiltIn => "the built-in default",
        SettingOrigin.Defaults => $"defaults at {Position}",
        SettingOrigin.Environment => $"environment '{SourceName}' at {Position}",
        _ => $"an override of environment '{SourceName}' at {Position}",
    };

    /// <summary>Returns the row of the effective view for <paramref name="path"/>.</summary>
    public EffectiveSetting ToEffective(string path) => new(path, SettingValues.Format(Value), Origin, SourceName, Position, Reason);
}
