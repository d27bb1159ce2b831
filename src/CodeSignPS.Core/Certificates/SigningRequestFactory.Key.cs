using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

public static partial class SigningRequestFactory
{
    // PBKDF2-HMAC-SHA-256 at 600,000 iterations, the OWASP password storage recommendation of 2023.
    internal const int KeyFileIterationCount = 600_000;

    // The placeholder only carries the key in the store until the issued certificate replaces it.
    private static readonly TimeSpan PlaceholderValidity = TimeSpan.FromDays(90);

    private static void CheckKeyDestination(SigningRequestOptions options)
    {
        if ((options.KeyPath is null) == (options.StoreLocation is null))
        {
            throw new ArgumentException("Give exactly one of KeyPath and StoreLocation.", nameof(options));
        }

        if (options.KeyPath is not null)
        {
            // An empty password encrypts in name only, so it counts as none.
            if (!HasPassword(options) && !options.UnprotectedKey)
            {
                throw new CodeSignException(
                    CertificateFactoryErrorIds.KeyPasswordMissing,
                    FailureCategory.InvalidArgument,
                    $"{(options.Password is null ? "No password was given" : "The password given is empty")} to encrypt the private key file '{options.KeyPath}'. " +
                    "Give a non-empty -Password, or add -UnprotectedKey to write the key unencrypted.",
                    options.KeyPath);
            }

            CertificateFactory.CheckOverwrite(options.KeyPath, options.Overwrite);
            return;
        }

        if (options.StoreLocation == StoreLocation.LocalMachine && !OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS())
        {
            throw new CodeSignException(
                SigningKeyErrorIds.StoreLocationNotSupported,
                FailureCategory.InvalidArgument,
                @"The store LocalMachine\My does not exist in .NET on this platform; only CurrentUser\My does. " +
                "Use -StoreLocation CurrentUser, or write the key to a file with -KeyPath.",
                "LocalMachine");
        }
    }

    /// <summary>Writes the key as encrypted PKCS#8 PEM (or plain PKCS#8 when allowed); returns whether it is encrypted.</summary>
    private static bool WriteKeyFile(AsymmetricAlgorithm key, SigningRequestOptions options)
    {
        char[] pem;
        bool encrypted = HasPassword(options);
        if (encrypted)
        {
            var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, KeyFileIterationCount);
            using var password = new PasswordBuffer(options.Password);
            pem = PemEncoding.Write("ENCRYPTED PRIVATE KEY", key.ExportEncryptedPkcs8PrivateKey(password.Characters, pbe));
        }
        else
        {
            pem = PemEncoding.Write("PRIVATE KEY", key.ExportPkcs8PrivateKey());
        }

        byte[] bytes = Encoding.ASCII.GetBytes(pem, 0, pem.Length);
        try
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = (byte)'\n';
            AtomicFileWriter.CreateOrReplacePrivate(options.KeyPath!, bytes);
        }
        finally
        {
            Array.Clear(pem);
            CryptographicOperations.ZeroMemory(bytes);
        }

        return encrypted;
    }

    private static bool HasPassword(SigningRequestOptions options) => options.Password is { Length: > 0 };

    /// <summary>
    /// Adds a self-signed placeholder certificate with the new key to the "My" store, because an X509
    /// store keeps keys only together with a certificate. Returns its thumbprint.
    /// </summary>
    private static string StorePlaceholder(CertificateRequest request, AsymmetricAlgorithm key, StoreLocation location)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        X509SignatureGenerator generator = CertificateKeys.SignatureGenerator(key);
        using X509Certificate2 unsigned = request.Create(
            request.SubjectName, generator, now - CertificateFactory.ClockSkewAllowance, now + PlaceholderValidity, CertificateFactory.NewSerialNumber());
        using X509Certificate2 withKey = CertificateKeys.Attach(unsigned, key);

        // An ephemeral key does not survive the store, so the certificate goes through a PFX to get a persisted key.
        byte[] pfx = withKey.Export(X509ContentType.Pfx, string.Empty);
        try
        {
            using var persisted = new X509Certificate2(pfx, string.Empty, X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.Exportable |
                (location == StoreLocation.CurrentUser ? X509KeyStorageFlags.UserKeySet : X509KeyStorageFlags.MachineKeySet));
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadWrite);
            store.Add(persisted);
            return persisted.Thumbprint;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }
}
