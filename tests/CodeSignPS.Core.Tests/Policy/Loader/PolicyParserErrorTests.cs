using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Policy.Matching;

namespace CodeSignPS.Core.Tests.Policy.Loader;

/// <summary>
/// Table-driven checks of the errors the parser and the reference checks report, with their exact
/// positions. Each row is a small policy and the "Code line:column" list it must produce, in order.
/// </summary>
public sealed class PolicyParserErrorTests
{
    private const string Store = "trustStores:\n  corp: { role: codeSigning, class: enterprise, certificates: [c.cer] }\n";

    private const string StoreAndPublisher = Store + "publishers:\n  signer: { trustStores: [corp] }\n";

    // ---- YAML itself: syntax, anchors, tags, depth ----
    [Theory]
    [InlineData("version: 1\nversion: 1\n", "DuplicateKey 2:1")]
    [InlineData("version: [1\n", "YamlSyntax 2:1")]
    [InlineData("version: 1\n---\nversion: 1\n", "YamlSyntax 2:1")]
    [InlineData("version: &v 1\n", "YamlAnchor 1:10")]
    [InlineData("version: 1\nlevels: { ev: { policyOids: &o [1.2.3] }, ov: { policyOids: *o } }\n", "YamlAnchor 2:29")]
    [InlineData("version: !!int 1\n", "YamlTag 1:10")]
    [InlineData("? [a, b]\n: 1\n", "WrongType 1:3")]
    [InlineData("", "MissingKey 1:1")]
    [InlineData("# only a comment\n", "MissingKey 1:1")]
    [InlineData("[version, 1]\n", "WrongType 1:1")]
    public void Parse_MalformedYaml_ReportsTheError(string yaml, string expected)
        => Assert.Equal([expected], Errors(yaml));

    // ---- keys: unknown, missing, case ----
    [Theory]
    [InlineData("version: 1\nVersion: 1\n", "UnknownKey 2:1")]
    [InlineData("version: 1\ndefaults: { checks: { signature: warn } }\n", "UnknownKey 2:23")]
    [InlineData("version: 1\ndefaults: { mode: audit }\n", "UnknownKey 2:13")]
    [InlineData("version: 1\nenvironments: { prod: { overrides: [ { setting: unsigned, value: warn, reason: r, ticket: t } ] } }\n", "UnknownKey 2:83")]
    [InlineData("defaults: {}\n", "MissingKey 1:1")]
    [InlineData("version: 1\ntrustStores: { corp: { class: public, certificates: [c.cer] } }\n", "MissingKey 2:22")]
    [InlineData("version: 1\nlevels: { ev: {} }\n", "MissingKey 2:15")]
    [InlineData("version: 1\nenvironments: { prod: { rules: { scripts: {} } } }\n", "UnknownRule 2:34", "MissingKey 2:43")]
    public void Parse_KeyProblem_ReportsTheKeyOrItsMapping(string yaml, params string[] expected)
        => Assert.Equal(expected, Errors(yaml));

    // ---- types and values ----
    [Theory]
    [InlineData("version: 1.0\n", "WrongType 1:10")]
    [InlineData("version: 3\n", "UnsupportedVersion 1:10")]
    [InlineData("version: 1\ndefaults:\n", "WrongType 2:10")]
    [InlineData("version: 1\ndefaults: { unsigned: true }\n", "WrongType 2:23")]
    [InlineData("version: 1\ndefaults: { unsigned: Deny }\n", "InvalidValue 2:23")]
    [InlineData("version: 1\ndefaults: { checks: { timestamp: yes } }\n", "InvalidValue 2:34")]
    [InlineData("version: 1\ndefaults: { algorithms: { minEcBits: 128 } }\n", "InvalidValue 2:38")]
    [InlineData("version: 1\ndefaults: { algorithms: { minRsaBits: 99999999999 } }\n", "InvalidValue 2:39")]
    [InlineData("version: 1\ndefaults: { algorithms: { digests: [] } }\n", "InvalidValue 2:36")]
    [InlineData("version: 1\ndefaults: { algorithms: { digests: [SHA256] } }\n", "InvalidValue 2:37")]
    [InlineData("version: 1\nenvironments: { prod: { mode: Audit } }\n", "InvalidValue 2:31")]
    [InlineData("version: 1\nenvironments: { prod: { extends: 7 } }\n", "WrongType 2:34")]
    [InlineData("version: 1\nenvironments: { -prod: {} }\n", "InvalidValue 2:17")]
    [InlineData("version: 1\n" + StoreAndPublisher + "rules: [ { name: a b, include: [x], publishers: [signer] } ]\n", "InvalidValue 6:18")]
    [InlineData("version: 1\n" + StoreAndPublisher + "rules: [ { name: a, include: [], publishers: [signer] } ]\n", "InvalidValue 6:30")]
    [InlineData("version: 1\n" + Store + "publishers: { p: { trustStores: [corp], subject: {} } }\n", "InvalidValue 4:50")]
    [InlineData("version: 1\n" + Store + "publishers: { p: { trustStores: [corp], subject: { OU: [] } } }\n", "InvalidValue 4:56")]
    [InlineData("version: 1\nenvironments: { prod: {} }\nexceptions: [ { path: a.ps1, sha256: " + Sha + ", environments: [prod], reason: r, ticket: t, expires: 2027-02-30 } ]\n", "InvalidValue 3:157")]
    public void Parse_WrongValue_ReportsTheValue(string yaml, string expected)
        => Assert.Equal([expected], Errors(yaml));

    // ---- integrity and overrides ----
    [Theory]
    [InlineData("version: 1\ndefaults: { checks: { integrity: enforce } }\n", null)]
    [InlineData("version: 1\ndefaults: { checks: { integrity: \"off\" } }\n", "IntegrityNotEnforced 2:34")]
    [InlineData("version: 1\nenvironments: { e: { overrides: [ { setting: checks.integrity, value: enforce, reason: r } ] } }\n", "IntegrityNotEnforced 2:46")]
    [InlineData("version: 1\nenvironments: { e: { overrides: [ { setting: revocation.crls, value: [a.crl], reason: r } ] } }\n", "UnknownSetting 2:46")]
    [InlineData("version: 1\nenvironments: { e: { overrides: [ { setting: extends, value: x, reason: r } ] } }\n", "UnknownSetting 2:46")]
    [InlineData("version: 1\nenvironments: { e: { overrides: [ { setting: revocation.mode, value: offline, reason: r } ] } }\n", null)]
    [InlineData("version: 1\nenvironments: { e: { overrides: [ { setting: revocation.mode, value: sometimes, reason: r } ] } }\n", "InvalidValue 2:70")]
    [InlineData("version: 1\nenvironments: { e: { overrides: [ { setting: algorithms.digests, value: sha1, reason: r } ] } }\n", "WrongType 2:73")]
    [InlineData("version: 1\nenvironments: { e: { overrides: [ { setting: minimumLevel, value: Public, reason: r } ] } }\n", "InvalidValue 2:67")]
    [InlineData("version: 1\nenvironments: { e: { overrides: [ { setting: unsigned, value: warn, reason: \"\" } ] } }\n", "InvalidValue 2:77")]
    public void Parse_IntegrityAndOverrides_ReportTheSettingOrValue(string yaml, string? expected)
        => Assert.Equal(expected is null ? [] : [expected], Errors(yaml));

    // ---- thumbprints and OIDs: normalisation, invisible characters, YAML typing (an unquoted 3.1 is a number) ----
    [Theory]
    [InlineData("\"0123456789ABCDEF0123456789ABCDEF01234567\"", null)]
    [InlineData("\"01 23 45 67 89 AB CD EF 01 23 45 67 89 AB CD EF 01 23 45 67\"", null)]
    [InlineData("\"01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67\"", null)]
    [InlineData("\"0123456789ABCDEF0123456789ABCDEF0123456\"", "InvalidThumbprint 4:55")]
    [InlineData("\"0123456789ABCDEF0123456789ABCDEF012345678\"", "InvalidThumbprint 4:55")]
    [InlineData("\"0123456789ABCDEF0123456789ABCDEF0123456Z\"", "InvalidThumbprint 4:55")]
    [InlineData("\"0123456789-ABCDEF0123456789ABCDEF01234567\"", "InvalidThumbprint 4:55")]
    [InlineData("\"\u200B0123456789ABCDEF0123456789ABCDEF01234567\"", "InvisibleCharacter 4:55")]
    [InlineData("\"0123456789ABCDEF\u200D0123456789ABCDEF01234567\"", "InvisibleCharacter 4:55")]
    [InlineData("\"0123456789ABCDEF0123456789ABCDEF01234567\uFEFF\"", "InvisibleCharacter 4:55")]
    [InlineData("\"01\u00A023456789ABCDEF0123456789ABCDEF01234567\"", "InvisibleCharacter 4:55")]
    [InlineData("\"01\\t23456789ABCDEF0123456789ABCDEF01234567\"", "InvisibleCharacter 4:55")]
    [InlineData("0123456789012345678901234567890123456789", "WrongType 4:55")]
    public void Parse_Thumbprint_NormalisesOrReports(string thumbprint, string? expected)
    {
        string yaml = "version: 1\n" + Store + "publishers: { p: { trustStores: [corp], thumbprints: [" + thumbprint + "] } }\n";

        Assert.Equal(expected is null ? [] : [expected], Errors(yaml));
    }

    [Theory]
    [InlineData("2.23.140.1.3", null)]
    [InlineData("0.9.2342", null)]
    [InlineData("3.1", "WrongType 4:54")]
    [InlineData("1", "WrongType 4:54")]
    [InlineData("1.2.", "InvalidOid 4:54")]
    [InlineData("1.02", "WrongType 4:54")]
    [InlineData("\"1.2 .3\"", "InvalidOid 4:54")]
    public void Parse_PolicyOid_AcceptsDottedNumbersOnly(string oid, string? expected)
    {
        string yaml = "version: 1\n" + Store + "publishers: { p: { trustStores: [corp], policyOids: [" + oid + "] } }\n";

        Assert.Equal(expected is null ? [] : [expected], Errors(yaml));
    }

    // ---- patterns ----
    [Theory]
    [InlineData("\"**/*.ps1\"", null)]
    [InlineData("\"src/[a-c]?/*.psm1\"", null)]
    [InlineData("\"a..b/x.ps1\"", null)]
    [InlineData("\"/src/*.ps1\"", "InvalidPattern 6:31")]
    [InlineData("\"C:/src/*.ps1\"", "InvalidPattern 6:31")]
    [InlineData("\"src\\\\*.ps1\"", "InvalidPattern 6:31")]
    [InlineData("\"src/../x.ps1\"", "InvalidPattern 6:31")]
    [InlineData("\"..\"", "InvalidPattern 6:31")]
    [InlineData("\"src/[ab.ps1\"", "InvalidPattern 6:31")]
    [InlineData("\"src/ab].ps1\"", null)]
    [InlineData("\"src/[]].ps1\"", null)]
    [InlineData("\"src/[].ps1\"", "InvalidPattern 6:31")]
    [InlineData("\"src/[!].ps1\"", "InvalidPattern 6:31")]
    [InlineData("\"src/[z-a].ps1\"", "InvalidPattern 6:31")]
    [InlineData("\"src/**.ps1\"", "InvalidPattern 6:31")]
    [InlineData("\"src//x.ps1\"", "InvalidPattern 6:31")]
    [InlineData("\"src/\"", "InvalidPattern 6:31")]
    [InlineData("\"./src/x.ps1\"", "InvalidPattern 6:31")]
    public void Parse_IncludePattern_AcceptsRelativeGlobsOnly(string pattern, string? expected)
    {
        string yaml = "version: 1\n" + StoreAndPublisher + "rules: [ { name: r, include: [" + pattern + "], publishers: [signer] } ]\n";

        Assert.Equal(expected is null ? [] : [expected], Errors(yaml));
    }

    [Theory]
    [InlineData("src/[z-a].ps1")]
    [InlineData("src/**.ps1")]
    [InlineData("../x.ps1")]
    public void Parse_InvalidPattern_GivesTheMatchersReason(string pattern)
    {
        string yaml = "version: 1\n" + StoreAndPublisher + "rules: [ { name: r, include: [\"" + pattern + "\"], publishers: [signer] } ]\n";
        Assert.False(GlobPattern.TryParse(pattern, out _, out string? reason));
        var errors = new List<PolicyError>();

        PolicyParser.Parse(yaml, "/policies/test.yaml", errors);

        PolicyError error = Assert.Single(errors);

        Assert.Equal("InvalidPattern", error.Code);
        Assert.Contains(reason!, error.Message, StringComparison.Ordinal);
    }

    // ---- name attributes ----
    [Theory]
    [InlineData("CN", null)]
    [InlineData("st", null)]
    [InlineData("emailaddress", null)]
    [InlineData("SERIALNUMBER", null)]
    [InlineData("2.5.4.97", null)]
    [InlineData("\"C N\"", "UnknownAttribute 4:52")]
    [InlineData("Organisation", "UnknownAttribute 4:52")]
    [InlineData("CNN", "UnknownAttribute 4:52")]
    [InlineData("2.5.04.10", "UnknownAttribute 4:52")]
    [InlineData("\"2.5.4.\"", "UnknownAttribute 4:52")]
    public void Parse_SubjectAttribute_AcceptsKnownNamesAndOids(string attribute, string? expected)
    {
        string yaml = "version: 1\n" + Store + "publishers: { p: { trustStores: [corp], subject: { " + attribute + ": x } } }\n";

        Assert.Equal(expected is null ? [] : [expected], Errors(yaml));
    }

    // ---- references ----
    [Theory]
    [InlineData("environments: { a: { extends: b }, b: { extends: a } }\n", "ExtendsCycle 2:31", "ExtendsCycle 2:50")]
    [InlineData("environments: { a: { extends: a } }\n", "ExtendsCycle 2:31")]
    [InlineData("environments: { a: { extends: b }, b: { extends: c }, c: {} }\n")]
    [InlineData("environments: { a: { extends: b }, b: { extends: zz } }\n", "UnknownEnvironment 2:50")]
    [InlineData("environments: { a: { overrides: [ { setting: rules.zz.minimumLevel, value: OV, reason: r } ] } }\n", "UnknownRule 2:46")]
    [InlineData("trustStores: { a: { role: codeSigning, class: public, certificates: [a.pem] } }\npublishers: { a: { trustStores: [a] } }\n", "DuplicateName 3:15")]
    [InlineData("trustStores: { t: { role: timestamping, class: public, certificates: [a.pem] } }\npublishers: { p: { trustStores: [t] } }\n", "StoreRoleMismatch 3:34")]
    public void Check_References_ReportEachBrokenOne(string yaml, params string[] expected)
        => Assert.Equal(expected, Errors("version: 1\n" + yaml));

    // ---- many problems at once ----
    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneOfThem()
    {
        const string yaml = "version: 1\n" +
            "trustStores: { t: { role: codeSigning, class: x, certificates: [c.cer] } }\n" +
            "publishers: { p: { trustStores: [nope], thumbprints: [\"12\"] } }\n" +
            "defaults: { unsigned: never, bogus: 1 }\n" +
            "rules: [ { name: r, include: [\"/x\"], publishers: [q] } ]\n";

        Assert.Equal(
            ["InvalidValue 2:47", "UnknownTrustStore 3:34", "InvalidThumbprint 3:55", "InvalidValue 4:23", "UnknownKey 4:30", "InvalidPattern 5:31", "UnknownPublisher 5:51"],
            Errors(yaml));
    }

    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /// <summary>Parses and checks references, returning "Code line:column" sorted as the loader sorts them.</summary>
    internal static List<string> Errors(string yaml)
    {
        var errors = new List<PolicyError>();
        PolicyDocument? document = PolicyParser.Parse(yaml, "/policies/test.yaml", errors);
        if (document is not null)
        {
            PolicyReferenceChecker.Check(document, errors);
        }

        return errors.OrderBy(error => error.Line).ThenBy(error => error.Column)
            .Select(error => $"{error.Code} {error.Line}:{error.Column}").ToList();
    }
}
