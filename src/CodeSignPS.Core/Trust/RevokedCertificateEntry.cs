using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>One certificate listed on a CRL: its serial number, when it was revoked, and why.</summary>
/// <param name="SerialNumber">The serial number as uppercase big-endian hex without leading zero bytes (see <see cref="NormalizeSerialNumber"/>).</param>
/// <param name="RevocationDate">When the CA declares the certificate revoked, in UTC.</param>
/// <param name="Reason">The reasonCode entry extension; null when the entry has none, which RFC 5280 §5.3.1 reads as unspecified.</param>
public sealed record RevokedCertificateEntry(string SerialNumber, DateTimeOffset RevocationDate, X509RevocationReason? Reason)
{
    /// <summary>Whether this entry names <paramref name="certificate"/>'s serial number.</summary>
    /// <remarks>The caller matches the CRL's issuer to the certificate's issuer first; a serial number is unique only per issuer.</remarks>
    public bool Lists(X509Certificate2 certificate)
        => string.Equals(SerialNumber, NormalizeSerialNumber(certificate.SerialNumber), StringComparison.Ordinal);

    /// <summary>
    /// Returns <paramref name="hex"/> in uppercase without separators or leading zero bytes, so
    /// "00:1a:2b" and "1A2B" compare equal, and so do "0080AB01" and "80AB01": RFC 5280 §4.1.2.2
    /// serial numbers are positive, and tools print them with or without the DER sign byte.
    /// </summary>
    public static string NormalizeSerialNumber(string hex)
    {
        string compact = new string(hex.Where(c => !char.IsWhiteSpace(c) && c != ':' && c != '-').ToArray()).ToUpperInvariant();
        if (compact.Length % 2 == 1)
        {
            compact = "0" + compact;
        }

        while (compact.Length > 2 && compact.StartsWith("00", StringComparison.Ordinal))
        {
            compact = compact[2..];
        }

        return compact;
    }
}
