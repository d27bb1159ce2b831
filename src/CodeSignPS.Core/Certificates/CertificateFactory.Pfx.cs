using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Certificates;

public static partial class CertificateFactory
{
    // Under .NET's default limit of 600,000 iterations summed over a PFX's three PBKDF2 uses
    // (certificate bag, key bag and MAC), so that .NET itself can load the file.
    internal const int PfxIterationCount = 100_000;

    /// <summary>
    /// Writes the certificate and its private key as a PFX file: both bags encrypted with AES-256-CBC
    /// (PBES2, PBKDF2 with HMAC-SHA-256) and a SHA-256 MAC. The file is created readable by its owner only.
    /// </summary>
    /// <param name="issuer">
    /// The CA that issued the certificate, or null for a self-signed one. The PFX then also holds the
    /// issuer's certificate and the CAs above it that the stores know, so that a signature made from
    /// the PFX carries the intermediates a verifier needs to reach its root.
    /// </param>
    public static void ExportPfx(X509Certificate2 certificate, string path, SecureString password, bool overwrite, X509Certificate2? issuer = null)
    {
        CheckExportPassword(path, password);
        CheckOverwrite(path, overwrite);
        List<X509Certificate2> chain = issuer is null ? [] : IssuerChain.Collect(issuer, [], includeStart: true);
        using var buffer = new PasswordBuffer(password);
        byte[] pfx = BuildPfx(certificate, chain, buffer.Characters);
        try
        {
            AtomicFileWriter.CreateOrReplacePrivate(path, pfx);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
            chain.ForEach(authority => authority.Dispose());
        }
    }

    /// <summary>Throws <c>KeyPasswordMissing</c> unless <paramref name="password"/> is a non-empty password.</summary>
    public static void CheckExportPassword(string path, SecureString? password)
    {
        // An empty password encrypts in name only: anyone can open the file with it.
        if (password is { Length: > 0 })
        {
            return;
        }

        throw new CodeSignException(
            CertificateFactoryErrorIds.KeyPasswordMissing,
            FailureCategory.InvalidArgument,
            $"-ExportPath '{path}' needs a non-empty -Password, and {(password is null ? "none was given" : "the one given is empty")}: " +
            "the PFX file holds the private key and is always encrypted.",
            path);
    }

    internal static byte[] BuildPfx(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, ReadOnlySpan<char> password)
    {
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, PfxIterationCount);
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("The certificate has no RSA or ECDSA private key.", nameof(certificate));

        // Readers pair a key with its certificate by the local key id that both bags carry.
        var localKeyId = new Pkcs9LocalKeyId(certificate.GetCertHash());
        var certificates = new Pkcs12SafeContents();
        certificates.AddCertificate(certificate).Attributes.Add(localKeyId);
        foreach (X509Certificate2 authority in chain)
        {
            certificates.AddCertificate(authority);
        }

        var keys = new Pkcs12SafeContents();
        keys.AddShroudedKey(key, password, pbe).Attributes.Add(localKeyId);

        var builder = new Pkcs12Builder();
        builder.AddSafeContentsEncrypted(certificates, password, pbe);
        builder.AddSafeContentsUnencrypted(keys);
        builder.SealWithMac(password, HashAlgorithmName.SHA256, PfxIterationCount);
        return builder.Encode();
    }

    /// <summary>
    /// Throws <c>OutputFolderNotFound</c> when the folder of <paramref name="path"/> is missing,
    /// <c>OutputPathIsFolder</c> when the path is a folder, and <c>OutputFileExists</c> when the file
    /// exists and may not be replaced.
    /// </summary>
    public static void CheckOverwrite(string path, bool overwrite)
    {
        // Checked for every output before any key is generated or written, so that a failure never
        // leaves a key without its request, nor replaces an existing key.
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new CodeSignException(
                "OutputFolderNotFound",
                FailureCategory.ObjectNotFound,
                $"The folder '{folder}' of '{path}' does not exist, so nothing was written. Create the folder or choose another path.",
                path);
        }

        OutputPaths.CheckNotFolder(path);
        if (!overwrite && File.Exists(path))
        {
            throw new CodeSignException(
                CertificateFactoryErrorIds.OutputFileExists,
                FailureCategory.WriteError,
                $"The file '{path}' exists and was left as it was. Choose another path, or add -Force to replace it.",
                path);
        }
    }
}
