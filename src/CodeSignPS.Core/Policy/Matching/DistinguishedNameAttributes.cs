using System.Text.RegularExpressions;

namespace CodeSignPS.Core.Policy.Matching;

/// <summary>
/// The attribute names a policy may use in <c>subject</c> and <c>issuer</c> constraints, and the OIDs
/// they stand for. Names compare case-insensitively, as RFC 4514 says attribute type names do; a
/// dotted OID such as <c>2.5.4.97</c> names any other attribute.
/// </summary>
public static partial class DistinguishedNameAttributes
{
    // RFC 4519 and RFC 2985 give these names. SN is the surname, not the serial number, as in those
    // RFCs and in .NET's own name formatting.
    private static readonly Dictionary<string, string> OidsByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CN"] = "2.5.4.3",
        ["O"] = "2.5.4.10",
        ["OU"] = "2.5.4.11",
        ["L"] = "2.5.4.7",
        ["S"] = "2.5.4.8",
        ["ST"] = "2.5.4.8",
        ["C"] = "2.5.4.6",
        ["E"] = "1.2.840.113549.1.9.1",
        ["emailAddress"] = "1.2.840.113549.1.9.1",
        ["DC"] = "0.9.2342.19200300.100.1.25",
        ["SERIALNUMBER"] = "2.5.4.5",
        ["STREET"] = "2.5.4.9",
        ["T"] = "2.5.4.12",
        ["title"] = "2.5.4.12",
        ["G"] = "2.5.4.42",
        ["givenName"] = "2.5.4.42",
        ["SN"] = "2.5.4.4",
        ["surname"] = "2.5.4.4",
    };

    private static readonly Dictionary<string, string> ShortNamesByOid = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.6"] = "C",
        ["1.2.840.113549.1.9.1"] = "E",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["2.5.4.5"] = "SERIALNUMBER",
        ["2.5.4.9"] = "STREET",
        ["2.5.4.12"] = "T",
        ["2.5.4.42"] = "G",
        ["2.5.4.4"] = "SN",
    };

    /// <summary>The names a policy may use, for messages that list them.</summary>
    public static IReadOnlyCollection<string> KnownNames => OidsByName.Keys;

    /// <summary>Whether <paramref name="name"/> is a known attribute name or a dotted OID; the policy parser reports anything else.</summary>
    public static bool IsKnownAttribute(string name) => TryGetOid(name, out _);

    /// <summary>The OID an attribute name or dotted OID stands for.</summary>
    public static bool TryGetOid(string name, out string oid)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (OidsByName.TryGetValue(name, out string? known))
        {
            oid = known;
            return true;
        }

        oid = name;
        return DottedOid().IsMatch(name);
    }

    /// <summary>The short name for an OID in messages (<c>ST</c>, <c>E</c>), or the OID itself.</summary>
    public static string DisplayName(string oid) => ShortNamesByOid.GetValueOrDefault(oid, oid);

    [GeneratedRegex("^[0-2](\\.(0|[1-9][0-9]*))+$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedOid();
}
