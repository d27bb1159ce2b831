using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>Joins a certificate with the private key of a PEM key file.</summary>
internal static class PemCertificateKey
{
    private static readonly string[] KeyLabels =
        ["-----BEGIN PRIVATE KEY-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----"];

    /// <summary>Checks whether the file has a private key block, unlike a PEM file with a certificate alone.</summary>
    public static bool HasKeyBlock(string path)
    {
        byte[] bytes = KeyFile.ReadAllBytes(path, "key file");
        try
        {
            string text = Encoding.ASCII.GetString(KeyFile.SkipByteOrderMark(bytes));
            return KeyLabels.Any(label => text.Contains(label, StringComparison.Ordinal));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// Returns a new certificate object carrying the key of <paramref name="keyPath"/>, made from the
    /// candidate whose public key is the key's (a CA's answer may list the CA first); throws
    /// PrivateKeyMismatch when no candidate has it. The candidates stay with the caller.
    /// </summary>
    public static X509Certificate2 Attach(IReadOnlyList<X509Certificate2> candidates, string certificatePath, string keyPath, SecureString? password)
    {
        AsymmetricAlgorithm key;
        using (var buffer = new PasswordBuffer(password))
        {
            key = PemPrivateKeyReader.Read(keyPath, buffer);
        }

        using (key)
        {
            X509Certificate2 certificate = PemKeyLoader.SelectFor(candidates, key);
            SigningKeyAlgorithm algorithm = key is RSA ? SigningKeyAlgorithm.Rsa : SigningKeyAlgorithm.Ecdsa;
            PemKeyLoader.CheckKeyMatches(certificate, algorithm, key, certificatePath, keyPath);
            return key switch
            {
                RSA rsa => certificate.CopyWithPrivateKey(rsa),
                ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
                _ => throw new InvalidOperationException("PemPrivateKeyReader returns RSA or ECDsa only."),
            };
        }
    }
}
