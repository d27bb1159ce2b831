using System.Text.Json;
using CodeSignPS.Core.Policy;
using Json.Schema;

namespace CodeSignPS.Core.Tests.Policy.Loader;

/// <summary>
/// Every sample policy goes through both the loader and the JSON Schema, and both must give what the
/// sample's header declares. Structural errors must be caught by both; errors that compare one part
/// of the file with another are declared <c>schema: valid</c>, so the split is written down per sample.
/// </summary>
public sealed class PolicySampleAgreementTests
{
    // Every code PolicyParser, PolicyReferenceChecker and the resolver can put in a PolicyError.
    private static readonly string[] ErrorCodes =
    [
        "YamlSyntax", "YamlAnchor", "YamlTag", "NestingTooDeep", "UnsupportedVersion", "MissingKey", "UnknownKey",
        "DuplicateKey", "WrongType", "InvalidValue", "DuplicateName", "UnknownTrustStore", "UnknownPublisher",
        "UnknownEnvironment", "UnknownRule", "ExtendsCycle", "InvalidThumbprint", "InvalidPublicKeyPin",
        "InvisibleCharacter", "InvalidOid", "InvalidSha256", "InvalidPattern", "StoreRoleMismatch",
        "IntegrityNotEnforced", "UnknownSetting", "LoosenedSetting", "UnknownAttribute",
    ];

    // Samples of a shape error that JSON Schema cannot express, with the reason; the schema accepts them.
    private static readonly Dictionary<string, string> SchemaGaps = new(StringComparer.Ordinal)
    {
        ["invalid/invalid-pattern-range.yaml"] = "a regular expression cannot compare the two ends of a class range",
    };

    public static TheoryData<string> SampleNames()
    {
        var data = new TheoryData<string>();
        foreach (PolicySample sample in PolicySample.All())
        {
            data.Add(sample.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Load_Sample_ReportsExactlyTheDeclaredErrors(string name)
    {
        PolicySample sample = Find(name);

        IReadOnlyList<PolicyError> errors = [];
        try
        {
            PolicyLoader.Load(sample.FilePath);
        }
        catch (PolicyLoadException exception)
        {
            errors = exception.Errors;
        }

        Assert.Equal(sample.ExpectedErrors, errors.Select(error => $"{error.Code} {error.Line}:{error.Column}"));
        Assert.All(errors, error => Assert.Equal(Path.GetFullPath(sample.FilePath), error.File));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Schema_Sample_GivesTheDeclaredVerdict(string name)
    {
        PolicySample sample = Find(name);
        Assert.Contains(sample.SchemaVerdict, new[] { "valid", "invalid", "unparsed" });

        JsonElement? document = PolicyYamlJson.Convert(sample.FilePath);
        if (sample.SchemaVerdict == "unparsed")
        {
            Assert.Null(document);
            return;
        }

        Assert.NotNull(document);
        EvaluationResults results = PolicySample.Schema.Evaluate(document.Value, new EvaluationOptions { OutputFormat = OutputFormat.List });
        string details = string.Join("; ", (results.Details ?? []).Where(detail => detail.Errors is not null)
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")));
        Assert.True(results.IsValid == (sample.SchemaVerdict == "valid"), $"The schema says {(results.IsValid ? "valid" : "invalid")}, the header '{sample.SchemaVerdict}'. {details}");
    }

    [Fact]
    public void Samples_EveryErrorCode_HasAnInvalidSample()
    {
        var declared = PolicySample.All().SelectMany(sample => sample.ExpectedErrors).Select(expect => expect.Split(' ')[0]).ToHashSet();

        Assert.Equal(ErrorCodes.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Samples_SchemaVerdict_MatchesTheCodes()
    {
        // Codes whose samples the schema must reject: everything that is about one value's shape.
        string[] referenceCodes = ["DuplicateKey", "DuplicateName", "UnknownTrustStore", "UnknownPublisher", "UnknownEnvironment", "UnknownRule", "ExtendsCycle", "StoreRoleMismatch", "LoosenedSetting"];
        string[] yamlCodes = ["YamlSyntax", "YamlAnchor", "YamlTag", "NestingTooDeep"];

        foreach (PolicySample sample in PolicySample.All().Where(sample => !sample.IsValid))
        {
            var codes = sample.ExpectedErrors.Select(expect => expect.Split(' ')[0]).ToList();
            string expected = codes.Any(yamlCodes.Contains) ? "unparsed" : codes.All(referenceCodes.Contains) || SchemaGaps.ContainsKey(sample.Name) ? "valid" : "invalid";
            Assert.True(expected == sample.SchemaVerdict, $"{sample.Name} declares 'schema: {sample.SchemaVerdict}' but its codes ({string.Join(", ", codes)}) call for '{expected}'.");
        }
    }

    [Fact]
    public void Samples_SchemaGaps_AreSamplesWithOnlyShapeErrors()
    {
        foreach (string name in SchemaGaps.Keys)
        {
            PolicySample sample = Find(name);
            Assert.False(sample.IsValid, $"{name} is listed as a schema gap but declares no error.");
            Assert.Equal("valid", sample.SchemaVerdict);
        }
    }

    [Fact]
    public void Samples_DesignExample_IsAValidSample()
    {
        PolicySample sample = Find("valid/design-example.yaml");

        Assert.True(sample.IsValid);
        Assert.Equal("valid", sample.SchemaVerdict);
    }

    private static PolicySample Find(string name) => PolicySample.All().Single(sample => sample.Name == name);
}
