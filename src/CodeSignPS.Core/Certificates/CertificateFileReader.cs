using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

/// <summary>Reads the certificates of a PEM bundle, a DER certificate or a PFX file for an inventory.</summary>
public static class CertificateFileReader
{
    /// <summary>File name extensions an inventory of a folder reads; other files are skipped.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".pem", ".crt", ".cer", ".der", ".pfx", ".p12"];

    private static ReadOnlySpan<byte> PemBeginMarker => "-----BEGIN "u8;

    /// <summary>Reads <paramref name="path"/>, telling the kinds apart by content, not by name.</summary>
    /// <param name="password">The PFX password, or the password of an encrypted PEM private key.</param>
    /// <exception cref="CodeSignException">The ids of the signing key loaders: FileNotFound, PfxPasswordInvalid, PemCertificateUnreadable and the like.</exception>
    public static CertificateFile Read(string path, SecureString? password)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] content = KeyFile.ReadAllBytes(path, "certificate file");

        if (IsPem(content))
        {
            return ReadPem(path, System.Text.Encoding.UTF8.GetString(content), password);
        }

        if (IsPfx(content))
        {
            X509Certificate2Collection certificates = PfxKeyLoader.Import(path, password);
            return new CertificateFile(path, certificates.Cast<X509Certificate2>().ToList(), null);
        }

        if (PfxHeader.StartsLikePfx(content))
        {
            // Truncated or damaged, since the PFX check above failed: the same error as an import gives.
            return new CertificateFile(path, [CertificateImporter.FromDer(content, path)], null);
        }

        try
        {
            return new CertificateFile(path, [CertificateBytes.Decode(content)], null);
        }
        catch (CryptographicException exception)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PemCertificateUnreadable,
                FailureCategory.InvalidData,
                $"The file '{path}' is neither a PEM file, a PFX file nor a DER certificate: {exception.Message}",
                path,
                exception);
        }
    }

    /// <summary>Reads the first private key of a PEM key file (PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1); the caller disposes it.</summary>
    public static AsymmetricAlgorithm ReadPemKey(string path, SecureString? password)
    {
        using var buffer = new PasswordBuffer(password);
        return PemPrivateKeyReader.Read(path, buffer);
    }

    private static CertificateFile ReadPem(string path, string text, SecureString? password)
    {
        List<X509Certificate2> certificates = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? PemCertificateReader.ReadAll(path)
            : [];
        if (!text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return new CertificateFile(path, certificates, null);
        }

        try
        {
            using var buffer = new PasswordBuffer(password);
            return new CertificateFile(path, certificates, PemPrivateKeyReader.Read(path, buffer));
        }
        catch
        {
            certificates.ForEach(certificate => certificate.Dispose());
            throw;
        }
    }

    private static bool IsPem(byte[] content) =>
        content.AsSpan().IndexOf(PemBeginMarker) >= 0;

    private static bool IsPfx(byte[] content)
    {
        try
        {
            return content.Length > 0 && X509Certificate2.GetCertContentType(content) == X509ContentType.Pkcs12;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
