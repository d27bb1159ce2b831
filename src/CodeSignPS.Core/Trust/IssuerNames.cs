using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>Compares distinguished names the way chain building does for issuer matching.</summary>
internal static class IssuerNames
{
    /// <summary>
    /// Whether two names are equal: byte for byte, or failing that, by their RFC 4514 strings ignoring
    /// case, which covers a CA that re-encodes a string type (PrintableString and UTF8String) between its
    /// certificate and its CRL.
    /// </summary>
    public static bool AreEqual(X500DistinguishedName first, X500DistinguishedName second)
        => first.RawData.AsSpan().SequenceEqual(second.RawData)
           || string.Equals(first.Name, second.Name, StringComparison.OrdinalIgnoreCase);
}
