using System.Security.Cryptography.Pkcs;
using System.Text;

namespace CodeSignPS.Core.Tests.Trust;

/// <summary>Locates trust material installed on the machine: the .NET SDK's root bundles and Microsoft-signed PowerShell scripts.</summary>
internal static class ExternalTrustMaterial
{
    private const string PowerShellPackageVersion = "7.6.10";
    private const string BeginMarker = "# SIG # Begin signature block";
    private const string EndMarker = "# SIG # End signature block";

    /// <summary>Returns the path of a file in the .NET SDK's trustedroots folder, found from the dotnet on PATH.</summary>
    public static string SdkTrustedRoot(string fileName)
    {
        string dotnetRoot = FindDotnetRoot();
        string? match = Directory.GetDirectories(Path.Combine(dotnetRoot, "sdk"))
            .Select(sdk => Path.Combine(sdk, "trustedroots", fileName))
            .Where(File.Exists)
            .OrderBy(path => path, StringComparer.Ordinal)
            .LastOrDefault();

        return match ?? throw new FileNotFoundException($"No .NET SDK under '{dotnetRoot}/sdk' has trustedroots/{fileName}; install the .NET SDK.");
    }

    /// <summary>Returns the signed .psd1 files of the restored PowerShell package.</summary>
    public static IReadOnlyList<string> SignedPowerShellManifests()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string tools = Path.Combine(packages, "powershell", PowerShellPackageVersion, "tools");
        if (!Directory.Exists(tools))
        {
            throw new DirectoryNotFoundException($"PowerShell package not found at '{tools}'; run 'dotnet tool restore' first.");
        }

        return Directory.EnumerateFiles(tools, "*.psd1", SearchOption.AllDirectories)
            .Where(path => File.ReadAllText(path).Contains(BeginMarker, StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Decodes the base64 PKCS#7 between the signature block markers, each line prefixed with "# ".</summary>
    public static SignedCms ReadSignature(string path)
    {
        string[] lines = File.ReadAllLines(path, Encoding.UTF8);
        int begin = Array.FindIndex(lines, line => line.Trim() == BeginMarker);
        int end = Array.FindIndex(lines, line => line.Trim() == EndMarker);
        if (begin < 0 || end <= begin)
        {
            throw new InvalidDataException($"'{path}' has no complete signature block.");
        }

        var base64 = new StringBuilder();
        for (int i = begin + 1; i < end; i++)
        {
            base64.Append(lines[i].Trim().TrimStart('#').Trim());
        }

        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(base64.ToString()));
        return cms;
    }

    private static string FindDotnetRoot()
    {
        string? pathVariable = Environment.GetEnvironmentVariable("PATH");
        string executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        foreach (string folder in (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = new FileInfo(Path.Combine(folder, executable));
            if (candidate.Exists)
            {
                string resolved = candidate.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate.FullName;
                return Path.GetDirectoryName(resolved)!;
            }
        }

        return Environment.GetEnvironmentVariable("DOTNET_ROOT")
            ?? throw new FileNotFoundException("dotnet was not found on PATH and DOTNET_ROOT is not set.");
    }
}
