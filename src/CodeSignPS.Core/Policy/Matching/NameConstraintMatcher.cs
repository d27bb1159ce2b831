using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CodeSignPS.Core.Policy.Matching;

/// <summary>
/// Decides whether a certificate name meets a <see cref="NameConstraint"/>: every listed attribute is
/// present with every listed value (a subset match; the name may have more). Attribute names map to
/// OIDs, so <c>S</c> and <c>ST</c> or <c>E</c> and <c>emailAddress</c> are the same attribute, and
/// every value of a multi-valued RDN counts. Values compare ordinal case-insensitively after leading
/// and trailing white space is trimmed and inner runs of white space become one space.
/// </summary>
public static class NameConstraintMatcher
{
    /// <summary>Null when <paramref name="name"/> meets <paramref name="constraint"/>, else why not.</summary>
    /// <param name="part">What the name is, for messages: <c>subject</c> or <c>issuer</c>.</param>
    /// <param name="publisher">The publisher whose constraint this is, for messages.</param>
    public static string? FindMismatch(NameConstraint constraint, X500DistinguishedName name, string part, string publisher)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        ArgumentNullException.ThrowIfNull(name);

        IReadOnlyList<NameAttribute> attributes;
        try
        {
            attributes = DistinguishedNameReader.Read(name);
        }
        catch (AsnContentException ex)
        {
            return $"Publisher '{publisher}' has a {part} constraint, but the certificate's {part} name could not be decoded ({ex.Message}).";
        }

        foreach (NameAttributeConstraint expected in constraint.Attributes)
        {
            string? reason = FindMismatch(expected, attributes, name, part, publisher);
            if (reason is not null)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>Trims a value and collapses inner white space to single spaces, the form values are compared in.</summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        bool pendingSpace = false;
        foreach (char c in value.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string? FindMismatch(NameAttributeConstraint expected, IReadOnlyList<NameAttribute> attributes, X500DistinguishedName name, string part, string publisher)
    {
        if (!DistinguishedNameAttributes.TryGetOid(expected.Attribute, out string oid))
        {
            return $"Publisher '{publisher}' names the {part} attribute '{expected.Attribute}', which is neither a known attribute name nor a dotted OID; " +
                $"use one of {string.Join(", ", DistinguishedNameAttributes.KnownNames)} or an OID.";
        }

        string[] present = attributes.Where(attribute => attribute.Oid == oid).Select(attribute => Normalize(attribute.Value)).ToArray();
        foreach (string value in expected.Values)
        {
            string normalized = Normalize(value);
            if (!present.Contains(normalized, StringComparer.OrdinalIgnoreCase))
            {
                string label = DistinguishedNameAttributes.DisplayName(oid);
                string found = present.Length == 0
                    ? $"has no {label}"
                    : $"has {label} {string.Join(", ", present.Select(item => $"'{item}'"))}";
                return $"Publisher '{publisher}' requires {part} {expected.Attribute} '{normalized}', but the certificate's {part} '{name.Name}' {found}.";
            }
        }

        return null;
    }
}
