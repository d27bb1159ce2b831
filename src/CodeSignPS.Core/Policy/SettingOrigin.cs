namespace CodeSignPS.Core.Policy;

/// <summary>Where an effective setting's value came from.</summary>
public enum SettingOrigin
{
    /// <summary>Nothing in the file sets it; the built-in default applies.</summary>
    BuiltIn,

    /// <summary>The <c>defaults</c> block.</summary>
    Defaults,

    /// <summary>An environment's own settings (this one or one it extends).</summary>
    Environment,

    /// <summary>An entry of an environment's <c>overrides</c>.</summary>
    Override,
}
