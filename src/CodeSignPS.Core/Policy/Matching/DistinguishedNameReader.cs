using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Policy.Matching;

/// <summary>Reads every attribute of a name from its DER, including each value of a multi-valued RDN.</summary>
internal static class DistinguishedNameReader
{
    // RFC 5280, section 4.1.2.4:
    //
    //   Name ::= CHOICE { -- only one possibility for now --
    //     rdnSequence  RDNSequence }
    //
    //   RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
    //
    //   RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
    //
    //   AttributeTypeAndValue ::= SEQUENCE {
    //     type     AttributeType,
    //     value    AttributeValue }
    //
    // Reading the DER rather than the formatted string keeps escaped commas, plus signs and quotes
    // out of the way: each value arrives as the string the CA encoded.

    /// <summary>The attributes in name order; a value that is not a character string is kept as <c>#</c> and its DER in hex, as RFC 4514 writes it.</summary>
    /// <exception cref="AsnContentException">The name is not valid DER; the caller reports it.</exception>
    internal static IReadOnlyList<NameAttribute> Read(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var attributes = new List<NameAttribute>();
        var reader = new AsnReader(name.RawData, AsnEncodingRules.DER);
        AsnReader sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();

        while (sequence.HasData)
        {
            AsnReader set = sequence.ReadSetOf();
            while (set.HasData)
            {
                AsnReader typeAndValue = set.ReadSequence();
                string oid = typeAndValue.ReadObjectIdentifier();
                string value = ReadValue(typeAndValue);
                typeAndValue.ThrowIfNotEmpty();
                attributes.Add(new NameAttribute(oid, value));
            }
        }

        return attributes;
    }

    private static string ReadValue(AsnReader reader)
    {
        Asn1Tag tag = reader.PeekTag();
        if (tag.TagClass == TagClass.Universal && IsCharacterString((UniversalTagNumber)tag.TagValue))
        {
            return reader.ReadCharacterString((UniversalTagNumber)tag.TagValue);
        }

        return "#" + Convert.ToHexString(reader.ReadEncodedValue().Span);
    }

    private static bool IsCharacterString(UniversalTagNumber number) => number is
        UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String
        or UniversalTagNumber.BMPString or UniversalTagNumber.T61String or UniversalTagNumber.UniversalString
        or UniversalTagNumber.NumericString or UniversalTagNumber.VisibleString;
}
