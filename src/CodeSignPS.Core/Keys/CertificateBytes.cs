using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Keys;

/// <summary>Decodes one DER certificate, refusing the empty input that .NET would accept.</summary>
internal static class CertificateBytes
{
    /// <summary>
    /// Returns the certificate; throws <see cref="CryptographicException"/> for bytes that are no
    /// certificate, including no bytes at all.
    /// </summary>
    public static X509Certificate2 Decode(byte[] der)
    {
        // The X509Certificate2 constructor turns zero bytes into an empty object whose first
        // property access fails far from here, so the empty case is refused up front.
        if (der.Length == 0)
        {
            throw new CryptographicException("The certificate has no bytes at all.");
        }

        return new X509Certificate2(der);
    }
}
