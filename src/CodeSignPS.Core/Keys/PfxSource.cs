namespace CodeSignPS.Core.Keys;

/// <summary>
/// Where a PFX and its password came from, as messages name them: a file or an environment
/// variable. Never carries the PFX or the password itself.
/// </summary>
/// <param name="Description">The PFX as a message names it, for example "PFX file '/a.pfx'".</param>
/// <param name="Target">The path or variable name that error records point at.</param>
/// <param name="PasswordVariable">The environment variable the password came from; null when it was given directly or not at all.</param>
/// <param name="IsFile">Whether the PFX is a file, as opposed to an environment variable.</param>
internal sealed record PfxSource(string Description, string Target, string? PasswordVariable, bool IsFile)
{
    public static PfxSource File(string path, string? passwordVariable = null) =>
        new($"PFX file '{path}'", path, passwordVariable, IsFile: true);

    public static PfxSource Variable(string name, string? passwordVariable) =>
        new($"PFX in environment variable '{name}'", name, passwordVariable, IsFile: false);
}
