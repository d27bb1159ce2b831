using System.Runtime.InteropServices;

namespace CodeSignPS.Core.Tests.TestSupport;

/// <summary>
/// Finds third-party signed files at test time: the PowerShell and Pester packages that the build
/// restores from NuGet, and the .NET SDK's code signing and timestamping root bundles.
/// </summary>
public static class Corpus
{
    public const string PowerShellVersion = "7.6.10";
    public const string PesterVersion = "5.7.1";

    private static readonly string[] ScriptExtensions = [".ps1", ".psm1", ".psd1", ".ps1xml", ".psc1", ".cdxml", ".mof"];

    /// <summary>NuGet's global packages folder.</summary>
    public static string PackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Every file of a script kind that carries a signature block in the two packages.</summary>
    public static IReadOnlyList<string> SignedScripts()
    {
        string[] roots =
        [
            Path.Combine(PackagesFolder, "powershell", PowerShellVersion, "tools"),
            Path.Combine(PackagesFolder, "pester", PesterVersion, "tools"),
        ];
        List<string> files = new();
        foreach (string root in roots)
        {
            if (!Directory.Exists(root))
            {
                throw new InvalidOperationException($"The package folder '{root}' is missing; run 'dotnet tool restore' and 'dotnet restore build/tools/BuildTools.csproj' first.");
            }

            files.AddRange(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => ScriptExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Where(HasSignatureBlock));
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The .NET SDK's trusted root bundle, <c>codesignctl.pem</c> or <c>timestampctl.pem</c>.</summary>
    public static string SdkTrustedRoots(string bundle)
    {
        string dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string? found = Directory.EnumerateDirectories(Path.Combine(dotnetRoot, "sdk"))
            .Select(sdk => Path.Combine(sdk, "trustedroots", bundle))
            .Where(File.Exists)
            .OrderDescending(StringComparer.Ordinal)
            .FirstOrDefault();
        return found ?? throw new InvalidOperationException($"No .NET SDK under '{dotnetRoot}' has trustedroots/{bundle}.");
    }

    private static bool HasSignatureBlock(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string text = bytes.Length > 1 && bytes[0] == 0xFF && bytes[1] == 0xFE
            ? System.Text.Encoding.Unicode.GetString(bytes)
            : System.Text.Encoding.Latin1.GetString(bytes);
        return text.Contains("SIG # Begin signature block", StringComparison.Ordinal);
    }
}
