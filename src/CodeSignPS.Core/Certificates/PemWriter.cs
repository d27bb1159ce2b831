using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CodeSignPS.Core.Certificates;

/// <summary>Encodes certificates and private keys as RFC 7468 PEM text.</summary>
internal static class PemWriter
{
    private const int KeyIterations = 100_000;

    /// <summary>The certificate as one CERTIFICATE block with a trailing line feed, in UTF-8.</summary>
    public static byte[] Certificate(X509Certificate2 certificate) =>
        Encoding.ASCII.GetBytes(new string(PemEncoding.Write("CERTIFICATE", certificate.RawData)) + "\n");

    /// <summary>
    /// The key as an ENCRYPTED PRIVATE KEY block (PKCS#8, AES-256-CBC, PBKDF2-SHA256), or without a
    /// password a PRIVATE KEY block. The caller zeroes the returned bytes.
    /// </summary>
    public static byte[] PrivateKey(AsymmetricAlgorithm key, ReadOnlySpan<char> password, bool hasPassword)
    {
        byte[] der = hasPassword
            ? key.ExportEncryptedPkcs8PrivateKey(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, KeyIterations))
            : key.ExportPkcs8PrivateKey();
        char[] text = [];
        try
        {
            text = PemEncoding.Write(hasPassword ? "ENCRYPTED PRIVATE KEY" : "PRIVATE KEY", der);
            byte[] bytes = new byte[text.Length + 1];
            Encoding.ASCII.GetBytes(text, bytes);
            bytes[^1] = (byte)'\n';
            return bytes;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
            Array.Clear(text);
        }
    }
}
