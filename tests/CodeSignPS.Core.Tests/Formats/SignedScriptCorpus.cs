using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Tests.Formats;

/// <summary>
/// Locates the signed scripts of the PowerShell and Pester NuGet packages that the build restores
/// (`dotnet tool restore` and `dotnet restore build/tools/BuildTools.csproj`).
/// </summary>
internal static class SignedScriptCorpus
{
    private static readonly string[] PackageToolFolders = ["powershell/7.6.10/tools", "pester/5.7.1/tools"];

    public static string PackagesRoot =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Every script file of a supported kind under the restored package folders.</summary>
    public static IReadOnlyList<string> FindScripts()
    {
        var files = new List<string>();
        foreach (string folder in PackageToolFolders)
        {
            string path = Path.Combine(PackagesRoot, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(file => PowerShellScriptFormat.Extensions.Contains(Path.GetExtension(file).ToLowerInvariant())));
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The message for a run that found no corpus, saying how to restore it.</summary>
    public static string MissingMessage =>
        $"No signed scripts found under {PackagesRoot} ({string.Join(", ", PackageToolFolders)}). " +
        "Run `dotnet tool restore` and `dotnet restore build/tools/BuildTools.csproj` in the repository first.";
}
