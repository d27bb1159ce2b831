using System.Text.Json;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Tests.Policy.Loader;
using Json.Schema;

namespace CodeSignPS.Core.Tests.Policy.Breaker;

/// <summary>
/// Hostile policy files: values the loader or the JSON Schema lets through although the format cannot
/// mean them. Each policy is written to a temporary file and loaded as a user would load it.
/// </summary>
public sealed class PolicyBreakerTests : IDisposable
{
    private const string Header =
        "version: 1\n" +
        "trustStores: { corp: { role: codeSigning, class: enterprise, certificates: [c.cer] } }\n" +
        "publishers: { signer: { trustStores: [corp] } }\n" +
        "environments: { prod: {} }\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("codesignps-breaker-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // ---- the schema must reject what the loader rejects, where a pattern can express it ----

    [Theory]
    [InlineData("2027-13-01")]
    [InlineData("2027-00-10")]
    [InlineData("2027-01-32")]
    public void Schema_ExceptionExpiresOutsideTheCalendar_IsInvalidLikeTheLoader(string expires)
    {
        string path = Write(Header + "exceptions:\n  - { path: a.ps1, sha256: " + new string('a', 64) +
            ", environments: [prod], reason: r, ticket: T-1, expires: " + expires + " }\n");

        Assert.Contains("InvalidValue", LoaderCodes(path));
        Assert.False(SchemaAccepts(path), $"The schema accepts 'expires: {expires}', which the loader rejects; a pattern can limit the month and the day.");
    }

    // ---- a rule pattern that can never match a walked path leaves files uncovered, so they are skipped ----

    [Theory]
    [InlineData("./scripts/**")]
    [InlineData("scripts//*.ps1")]
    [InlineData("scripts/./*.ps1")]
    public void Load_PatternWithDotOrEmptySegment_IsRejectedOrCoversTheFolder(string pattern)
    {
        string path = Write(Header + "rules:\n  - { name: scripts, include: [\"" + pattern + "\"], publishers: [signer] }\n");

        List<string> codes = LoaderCodes(path);
        if (codes.Contains("InvalidPattern"))
        {
            Assert.False(SchemaAccepts(path), $"The loader rejects '{pattern}' but the schema accepts it.");
            return;
        }

        // Loaded without errors, so the pattern must match the folder it names. Otherwise scripts/Deploy.ps1 is
        // uncovered, reported as Skipped, and the gate passes it unsigned.
        Assert.Empty(codes);
        LoadedPolicy policy = PolicyLoader.Load(path);
        Assert.NotNull(new RuleSelector(policy.Document.Rules).Select("scripts/Deploy.ps1"));
    }

    private string Write(string yaml)
    {
        string path = Path.Combine(_folder, $"policy-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static List<string> LoaderCodes(string path)
    {
        try
        {
            PolicyLoader.Load(path);
            return [];
        }
        catch (PolicyLoadException exception)
        {
            return exception.Errors.Select(error => error.Code).ToList();
        }
    }

    private static bool SchemaAccepts(string path)
    {
        JsonElement? document = PolicyYamlJson.Convert(path);
        Assert.NotNull(document);
        return PolicySample.Schema.Evaluate(document.Value).IsValid;
    }
}
