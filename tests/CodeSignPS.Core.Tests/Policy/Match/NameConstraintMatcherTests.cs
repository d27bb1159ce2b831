using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy.Matching;
using static CodeSignPS.Core.Tests.Policy.Match.PolicyFactory;

namespace CodeSignPS.Core.Tests.Policy.Match;

public sealed class NameConstraintMatcherTests
{
    private const string Cn = "2.5.4.3";
    private const string O = "2.5.4.10";
    private const string Ou = "2.5.4.11";
    private const string St = "2.5.4.8";
    private const string Email = "1.2.840.113549.1.9.1";

    private static string? Match(X500DistinguishedName name, params (string Attribute, string Values)[] constraint)
        => NameConstraintMatcher.FindMismatch(Names(constraint), name, "subject", "contoso");

    // ---- equivalent attribute names ----
    [Theory]
    [InlineData("S", "Washington")]
    [InlineData("ST", "Washington")]
    [InlineData("st", "Washington")]
    [InlineData("2.5.4.8", "Washington")]
    [InlineData("E", "sign@contoso.example")]
    [InlineData("emailAddress", "sign@contoso.example")]
    [InlineData("1.2.840.113549.1.9.1", "sign@contoso.example")]
    [InlineData("CN", "Contoso Release Signing")]
    [InlineData("2.5.4.3", "Contoso Release Signing")]
    public void FindMismatch_EquivalentAttributeName_Matches(string attribute, string value)
    {
        X500DistinguishedName name = MatchPki.Name([(Cn, "Contoso Release Signing")], [(St, "Washington")], [(Email, "sign@contoso.example")]);

        Assert.Null(Match(name, (attribute, value)));
    }

    [Theory]
    [InlineData("SN", "2.5.4.4")]
    [InlineData("surname", "2.5.4.4")]
    [InlineData("SERIALNUMBER", "2.5.4.5")]
    [InlineData("G", "2.5.4.42")]
    [InlineData("givenName", "2.5.4.42")]
    [InlineData("T", "2.5.4.12")]
    [InlineData("title", "2.5.4.12")]
    [InlineData("STREET", "2.5.4.9")]
    [InlineData("DC", "0.9.2342.19200300.100.1.25")]
    [InlineData("L", "2.5.4.7")]
    [InlineData("C", "2.5.4.6")]
    [InlineData("OU", "2.5.4.11")]
    public void TryGetOid_KnownName_MapsToOid(string attribute, string oid)
    {
        Assert.True(DistinguishedNameAttributes.TryGetOid(attribute, out string mapped));
        Assert.Equal(oid, mapped);
        Assert.Null(Match(MatchPki.Name([(oid, "value")]), (attribute, "value")));
    }

    [Theory]
    [InlineData("CN", true)]
    [InlineData("emailaddress", true)]
    [InlineData("2.5.4.97", true)]
    [InlineData("1.3.6.1.4.1.311.60.2.1.3", true)]
    [InlineData("Organisation", false)]
    [InlineData("2.5.4.", false)]
    [InlineData("3.1.2", false)]
    [InlineData("2.05.4", false)]
    [InlineData("", false)]
    public void IsKnownAttribute_Name_ReportsKnown(string attribute, bool expected)
        => Assert.Equal(expected, DistinguishedNameAttributes.IsKnownAttribute(attribute));

    // ---- multi-valued RDNs and attributes ----
    [Fact]
    public void FindMismatch_MultiValuedRdn_SeesEveryValue()
    {
        X500DistinguishedName name = MatchPki.Name([(Cn, "Signer")], [(O, "Contoso Ltd"), (Ou, "Release")]);

        Assert.Null(Match(name, ("O", "Contoso Ltd"), ("OU", "Release")));
    }

    [Theory]
    [InlineData("Release|Build", true)]
    [InlineData("Build", true)]
    [InlineData("Release|Test", false)]
    public void FindMismatch_ValueList_NeedsEveryListedValue(string values, bool matches)
    {
        X500DistinguishedName name = MatchPki.Name([(Ou, "Release")], [(Ou, "Build")], [(Cn, "Signer")]);

        Assert.Equal(matches, Match(name, ("OU", values)) is null);
    }

    // ---- escaped characters arrive decoded ----
    [Theory]
    [InlineData("CN=\"Contoso, Ltd\"", "Contoso, Ltd")]
    [InlineData("CN=\"A + B\"", "A + B")]
    [InlineData("CN=\"Say \"\"hi\"\"\"", "Say \"hi\"")]
    public void FindMismatch_EscapedValue_ComparesDecodedValue(string distinguishedName, string value)
        => Assert.Null(Match(new X500DistinguishedName(distinguishedName), ("CN", value)));

    // ---- case and white space ----
    [Theory]
    [InlineData("contoso ltd")]
    [InlineData("CONTOSO LTD")]
    [InlineData("  Contoso   Ltd  ")]
    [InlineData("Contoso\tLtd")]
    public void FindMismatch_CaseOrWhiteSpaceDiffers_Matches(string value)
        => Assert.Null(Match(MatchPki.Name([(O, " Contoso  Ltd ")]), ("O", value)));

    [Theory]
    [InlineData("Contoso Ltd.")]
    [InlineData("ContosoLtd")]
    [InlineData("Contoso")]
    public void FindMismatch_DifferentValue_ReportsWhatTheNameHas(string value)
    {
        string? reason = Match(MatchPki.Name([(O, "Contoso Ltd")]), ("O", value));

        Assert.NotNull(reason);
        Assert.Contains("'contoso'", reason, StringComparison.Ordinal);
        Assert.Contains("has O 'Contoso Ltd'", reason, StringComparison.Ordinal);
    }

    // ---- missing and unknown attributes ----
    [Fact]
    public void FindMismatch_MissingAttribute_SaysNameHasNone()
    {
        string? reason = Match(MatchPki.Name([(Cn, "Signer")]), ("ST", "Washington"));

        Assert.Contains("has no ST", reason, StringComparison.Ordinal);
        Assert.Contains("requires subject ST 'Washington'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FindMismatch_UnknownAttributeName_NeverMatches()
    {
        string? reason = Match(MatchPki.Name([(Cn, "Signer")]), ("Organisation", "Signer"));

        Assert.Contains("'Organisation'", reason, StringComparison.Ordinal);
        Assert.Contains("neither a known attribute name nor a dotted OID", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FindMismatch_EmptyConstraint_Matches()
        => Assert.Null(Match(MatchPki.Name([(Cn, "Signer")])));

    [Theory]
    [InlineData("  a \t b  ", "a b")]
    [InlineData("a\u00A0\u00A0b", "a b")]
    [InlineData("", "")]
    public void Normalize_Value_TrimsAndCollapses(string value, string expected)
        => Assert.Equal(expected, NameConstraintMatcher.Normalize(value));
}
