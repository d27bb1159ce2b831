using System.Diagnostics;
using System.Text.Json;

namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>
/// Runs the SARIF Multitool's <c>validate</c> command, which build/Test.ps1 installs from npm and names
/// in CODESIGNPS_SARIF_MULTITOOL. The tool exits 0 even when a log is invalid, so its findings are
/// read from the SARIF log it writes.
/// </summary>
internal static class SarifMultitool
{
    public const string VariableName = "CODESIGNPS_SARIF_MULTITOOL";

    /// <summary>The tool's path; null when the variable is unset or names no file.</summary>
    public static string? Path => Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } path && File.Exists(path) ? path : null;

    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Validates <paramref name="sarifPath"/> and returns the findings of error level, each as "RULE: arguments".</summary>
    public static IReadOnlyList<string> FindErrors(string sarifPath)
    {
        string tool = Path ?? throw new InvalidOperationException(
            $"{VariableName} does not name the Sarif.Multitool executable; run the tests through build.ps1 -Task Test, which installs it with npm.");
        string output = sarifPath + ".validation.sarif";

        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "validate", sarifPath, "--output", output, "--log", "ForceOverwrite", "--level", "Error;Warning;Note" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        Task<string> standardOutput = process.StandardOutput.ReadToEndAsync();
        Task<string> standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} validate {sarifPath} did not finish within 120 seconds.");
        }

        Assert.True(File.Exists(output), $"{tool} wrote no log to {output} (exit code {process.ExitCode}): {standardOutput.Result}{standardError.Result}");
        return ReadErrors(output);
    }

    /// <summary>
    /// The error-level results and notifications of a validation log. A result without a level takes
    /// its rule's default level, and warning when the rule sets none (SARIF 2.1.0, result.level).
    /// </summary>
    public static IReadOnlyList<string> ReadErrors(string validationLog)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(validationLog));
        var errors = new List<string>();
        foreach (JsonElement run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            JsonElement[] rules = run.GetProperty("tool").GetProperty("driver").TryGetProperty("rules", out JsonElement list) ? list.EnumerateArray().ToArray() : [];
            foreach (JsonElement result in Items(run, "results"))
            {
                if (LevelOf(result, rules) == "error")
                {
                    errors.Add($"{result.GetProperty("ruleId").GetString()}: {result.GetProperty("message")}");
                }
            }

            foreach (JsonElement invocation in Items(run, "invocations"))
            {
                foreach (string name in new[] { "toolExecutionNotifications", "toolConfigurationNotifications" })
                {
                    // A notification's level defaults to warning too; only errors count.
                    errors.AddRange(Items(invocation, name)
                        .Where(notification => notification.TryGetProperty("level", out JsonElement level) && level.GetString() == "error")
                        .Select(notification => $"{name}: {notification.GetProperty("message")}"));
                }
            }
        }

        return errors;
    }

    private static IEnumerable<JsonElement> Items(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out JsonElement array) ? array.EnumerateArray().ToArray() : [];

    private static string LevelOf(JsonElement result, JsonElement[] rules)
    {
        if (result.TryGetProperty("level", out JsonElement level))
        {
            return level.GetString() ?? "warning";
        }

        string? ruleId = result.TryGetProperty("ruleId", out JsonElement id) ? id.GetString() : null;
        JsonElement rule = rules.FirstOrDefault(candidate => candidate.GetProperty("id").GetString() == ruleId);
        return rule.ValueKind == JsonValueKind.Object
            && rule.TryGetProperty("defaultConfiguration", out JsonElement configuration)
            && configuration.TryGetProperty("level", out JsonElement defaultLevel)
            ? defaultLevel.GetString() ?? "warning"
            : "warning";
    }
}
