using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Tests.Keys;

public class FromPemTests
{
    private const string Password = "pem pass phrase";

    public enum PemKeyForm
    {
        Pkcs8,
        EncryptedPkcs8,
        Pkcs1,
        Sec1,
    }

    // Key forms minted by .NET

    [Theory]
    [InlineData(KeyKind.Rsa2048, PemKeyForm.Pkcs8)]
    [InlineData(KeyKind.Rsa2048, PemKeyForm.EncryptedPkcs8)]
    [InlineData(KeyKind.Rsa3072, PemKeyForm.Pkcs1)]
    [InlineData(KeyKind.EcdsaP256, PemKeyForm.Pkcs8)]
    [InlineData(KeyKind.EcdsaP384, PemKeyForm.EncryptedPkcs8)]
    [InlineData(KeyKind.EcdsaP256, PemKeyForm.Sec1)]
    public void FromPem_DotNetMintedKeyForm_SignsVerifiably(KeyKind kind, PemKeyForm form)
    {
        using X509Certificate2 certificate = TestCertificates.Create(kind);
        using var folder = new TemporaryFolder();
        string certificatePath = folder.Write("signer.crt", certificate.ExportCertificatePem());
        string keyPath = folder.Write("signer.key", ExportKey(certificate, form));

        using SigningKey key = SigningKeyLoader.FromPem(certificatePath, keyPath, Passwords.Secure(Password));

        SignatureAssert.SignsVerifiably(key);
        Assert.Equal(certificate.Thumbprint, key.Certificate.Thumbprint);
        Assert.Equal($"PEM key '{keyPath}'", key.Source);
    }

    // Key forms minted by openssl

    [OpenSslTheory]
    [InlineData("RSA", PemKeyForm.Pkcs8)]
    [InlineData("RSA", PemKeyForm.EncryptedPkcs8)]
    [InlineData("RSA", PemKeyForm.Pkcs1)]
    [InlineData("EC", PemKeyForm.Pkcs8)]
    [InlineData("EC", PemKeyForm.EncryptedPkcs8)]
    [InlineData("EC", PemKeyForm.Sec1)]
    public void FromPem_OpenSslMintedKeyForm_SignsVerifiably(string algorithm, PemKeyForm form)
    {
        using var folder = new TemporaryFolder();
        (string certificatePath, string pkcs8Path) = OpenSsl.MintCodeSigningCertificate(folder.Path, "signer", algorithm);
        string keyPath = folder.File("converted.key");
        switch (form)
        {
            case PemKeyForm.Pkcs8:
                keyPath = pkcs8Path;
                break;
            case PemKeyForm.EncryptedPkcs8:
                OpenSsl.Run(folder.Path, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", pkcs8Path, "-out", keyPath, "-passout", "pass:" + Password);
                break;
            case PemKeyForm.Pkcs1:
                OpenSsl.Run(folder.Path, "rsa", "-in", pkcs8Path, "-traditional", "-out", keyPath);
                break;
            default:
                // "openssl ec" writes SEC1 and has no -traditional option.
                OpenSsl.Run(folder.Path, "ec", "-in", pkcs8Path, "-out", keyPath);
                break;
        }

        using SigningKey key = SigningKeyLoader.FromPem(certificatePath, keyPath, Passwords.Secure(Password));

        SignatureAssert.SignsVerifiably(key);
        Assert.Contains(ExpectedLabel(form), File.ReadAllText(keyPath));
    }

    [OpenSslFact]
    public void FromPem_EcParametersBeforeKey_SkipsParameters()
    {
        using var folder = new TemporaryFolder();
        string keyPath = folder.File("with-parameters.key");
        string certificatePath = folder.File("signer.crt");
        OpenSsl.Run(folder.Path, "ecparam", "-name", "prime256v1", "-genkey", "-out", keyPath);
        OpenSsl.Run(folder.Path, "req", "-x509", "-new", "-key", keyPath, "-subj", "/CN=CodeSignPS OpenSSL ecparam", "-days", "30",
            "-addext", "extendedKeyUsage=codeSigning", "-out", certificatePath);

        using SigningKey key = SigningKeyLoader.FromPem(certificatePath, keyPath, null);

        Assert.Contains("BEGIN EC PARAMETERS", File.ReadAllText(keyPath));
        SignatureAssert.SignsVerifiably(key);
    }

    [Fact]
    public void FromPem_CertificateAndKeyInOneFile_SignsVerifiably()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.EcdsaP256);
        using var folder = new TemporaryFolder();
        string path = folder.Write("both.pem", ExportKey(certificate, PemKeyForm.Pkcs8) + "\n" + certificate.ExportCertificatePem());

        using SigningKey key = SigningKeyLoader.FromPem(path, path, null);

        SignatureAssert.SignsVerifiably(key);
    }

    [Fact]
    public void FromPem_FurtherCertificates_KeptAsAdditional()
    {
        (X509Certificate2 authority, X509Certificate2 leaf) = TestCertificates.CreateIssuedChain(KeyKind.Rsa2048);
        using (authority)
        using (leaf)
        {
            using var folder = new TemporaryFolder();
            string certificatePath = folder.Write("chain.crt", leaf.ExportCertificatePem() + "\n" + authority.ExportCertificatePem());
            string keyPath = folder.Write("leaf.key", ExportKey(leaf, PemKeyForm.Pkcs1));

            using SigningKey key = SigningKeyLoader.FromPem(certificatePath, keyPath, null);

            Assert.Equal(leaf.Thumbprint, key.Certificate.Thumbprint);
            Assert.Equal(authority.Thumbprint, Assert.Single(key.AdditionalCertificates).Thumbprint);
        }
    }

    // Passwords

    [Fact]
    public void FromPem_EncryptedKeyWithoutPassword_PemKeyPasswordRequired()
    {
        using var files = PemPair.Create(KeyKind.Rsa2048, PemKeyForm.EncryptedPkcs8);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPem(files.CertificatePath, files.KeyPath, null));

        Assert.Equal(SigningKeyErrorIds.PemKeyPasswordRequired, exception.ErrorId);
        Assert.Equal(files.KeyPath, exception.Target);
    }

    [Theory]
    [InlineData(KeyKind.Rsa2048, "not the pass phrase")]
    [InlineData(KeyKind.EcdsaP256, "")]
    public void FromPem_EncryptedKeyWrongPassword_PemKeyPasswordInvalid(KeyKind kind, string password)
    {
        using var files = PemPair.Create(kind, PemKeyForm.EncryptedPkcs8);

        var exception = Assert.Throws<CodeSignException>(
            () => SigningKeyLoader.FromPem(files.CertificatePath, files.KeyPath, Passwords.Secure(password)));

        Assert.Equal(SigningKeyErrorIds.PemKeyPasswordInvalid, exception.ErrorId);
        Assert.Equal(FailureCategory.SecurityError, exception.Category);
        Assert.NotNull(exception.InnerException);
    }

    [Fact]
    public void FromPem_UnencryptedKeyWithPassword_IgnoresPassword()
    {
        using var files = PemPair.Create(KeyKind.EcdsaP256, PemKeyForm.Sec1);

        using SigningKey key = SigningKeyLoader.FromPem(files.CertificatePath, files.KeyPath, Passwords.Secure("unused"));

        SignatureAssert.SignsVerifiably(key);
    }

    // Legacy OpenSSL encryption

    [OpenSslTheory]
    [InlineData("rsa")]
    [InlineData("ec")]
    public void FromPem_LegacyEncryptedKey_PemKeyLegacyEncryption(string command)
    {
        using var folder = new TemporaryFolder();
        (string certificatePath, string pkcs8Path) = OpenSsl.MintCodeSigningCertificate(folder.Path, "signer", command == "rsa" ? "RSA" : "EC");
        string legacyPath = folder.File("legacy.key");
        string[] format = command == "rsa" ? ["-traditional"] : [];
        OpenSsl.Run(folder.Path, [command, "-in", pkcs8Path, .. format, "-aes256", "-passout", "pass:" + Password, "-out", legacyPath]);

        var exception = Assert.Throws<CodeSignException>(
            () => SigningKeyLoader.FromPem(certificatePath, legacyPath, Passwords.Secure(Password)));

        Assert.Equal(SigningKeyErrorIds.PemKeyLegacyEncryption, exception.ErrorId);
        Assert.Contains($"openssl pkcs8 -topk8 -in '{legacyPath}' -out NEW.key", exception.Message);
        Assert.Contains("DEK-Info", File.ReadAllText(legacyPath));
    }

    [OpenSslFact]
    public void FromPem_LegacyKeyAfterSuggestedConversion_SignsVerifiably()
    {
        using var folder = new TemporaryFolder();
        (string certificatePath, string pkcs8Path) = OpenSsl.MintCodeSigningCertificate(folder.Path, "signer", "RSA");
        string legacyPath = folder.File("legacy.key");
        string convertedPath = folder.File("NEW.key");
        OpenSsl.Run(folder.Path, "rsa", "-in", pkcs8Path, "-traditional", "-aes256", "-passout", "pass:" + Password, "-out", legacyPath);

        OpenSsl.Run(folder.Path, "pkcs8", "-topk8", "-in", legacyPath, "-out", convertedPath, "-passin", "pass:" + Password, "-passout", "pass:" + Password);
        using SigningKey key = SigningKeyLoader.FromPem(certificatePath, convertedPath, Passwords.Secure(Password));

        SignatureAssert.SignsVerifiably(key);
    }

    // Key that belongs to another certificate

    [Theory]
    [InlineData(KeyKind.Rsa2048, KeyKind.Rsa2048)]
    [InlineData(KeyKind.EcdsaP256, KeyKind.EcdsaP256)]
    [InlineData(KeyKind.Rsa2048, KeyKind.EcdsaP256)]
    [InlineData(KeyKind.EcdsaP384, KeyKind.Rsa3072)]
    public void FromPem_OtherCertificatesKey_PrivateKeyMismatch(KeyKind certificateKind, KeyKind keyKind)
    {
        using X509Certificate2 certificate = TestCertificates.Create(certificateKind);
        using X509Certificate2 other = TestCertificates.Create(keyKind);
        using var folder = new TemporaryFolder();
        string certificatePath = folder.Write("signer.crt", certificate.ExportCertificatePem());
        string keyPath = folder.Write("other.key", ExportKey(other, PemKeyForm.Pkcs8));

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPem(certificatePath, keyPath, null));

        Assert.Equal(SigningKeyErrorIds.PrivateKeyMismatch, exception.ErrorId);
        Assert.Contains(certificatePath, exception.Message);
        Assert.Contains(keyPath, exception.Message);
    }

    // Files that hold no usable certificate or key. An empty file has its own id, FileEmpty, which
    // HostileKeyFileTests checks for every reader.

    public static TheoryData<string, string> UnreadableKeys() => new()
    {
        { "certificate only", "CERTIFICATE" },
        { "bad base64", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" },
        { "bad PKCS#1", "-----BEGIN RSA PRIVATE KEY-----\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n" },
        { "bad SEC1", "-----BEGIN EC PRIVATE KEY-----\nMAMCAQE=\n-----END EC PRIVATE KEY-----\n" },
        { "public key only", "PUBLIC KEY" },
    };

    [Theory]
    [MemberData(nameof(UnreadableKeys))]
    public void FromPem_UnreadableKey_PemKeyUnreadable(string description, string keyText)
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        using var folder = new TemporaryFolder();
        string certificatePath = folder.Write("signer.crt", certificate.ExportCertificatePem());
        using RSA publicKey = certificate.GetRSAPublicKey()!;
        keyText = keyText switch
        {
            "CERTIFICATE" => certificate.ExportCertificatePem(),
            "PUBLIC KEY" => publicKey.ExportSubjectPublicKeyInfoPem(),
            _ => keyText,
        };
        string keyPath = folder.Write("signer.key", keyText);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPem(certificatePath, keyPath, null));

        Assert.True(exception.ErrorId == SigningKeyErrorIds.PemKeyUnreadable, $"{description}: {exception.ErrorId}: {exception.Message}");
        Assert.Equal(keyPath, exception.Target);
    }

    [Fact]
    public void FromPem_DsaPkcs8Key_UnsupportedKeyAlgorithm()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        using DSA dsa = DSA.Create(2048);
        using var folder = new TemporaryFolder();
        string certificatePath = folder.Write("signer.crt", certificate.ExportCertificatePem());
        string keyPath = folder.Write("dsa.key", dsa.ExportPkcs8PrivateKeyPem());

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPem(certificatePath, keyPath, null));

        Assert.Equal(SigningKeyErrorIds.UnsupportedKeyAlgorithm, exception.ErrorId);
    }

    public static TheoryData<string, string> UnreadableCertificates() => new()
    {
        { "key only", "KEY" },
        { "bad DER", "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n" },
    };

    [Theory]
    [MemberData(nameof(UnreadableCertificates))]
    public void FromPem_UnreadableCertificate_PemCertificateUnreadable(string description, string certificateText)
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        using var folder = new TemporaryFolder();
        string keyPath = folder.Write("signer.key", ExportKey(certificate, PemKeyForm.Pkcs8));
        string certificatePath = folder.Write("signer.crt", certificateText == "KEY" ? File.ReadAllText(keyPath) : certificateText);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPem(certificatePath, keyPath, null));

        Assert.True(exception.ErrorId == SigningKeyErrorIds.PemCertificateUnreadable, $"{description}: {exception.ErrorId}: {exception.Message}");
        Assert.Equal(certificatePath, exception.Target);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FromPem_MissingFile_FileNotFound(bool certificateMissing)
    {
        using var files = PemPair.Create(KeyKind.EcdsaP256, PemKeyForm.Pkcs8);
        string missing = certificateMissing ? files.CertificatePath : files.KeyPath;
        File.Delete(missing);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPem(files.CertificatePath, files.KeyPath, null));

        Assert.Equal(SigningKeyErrorIds.FileNotFound, exception.ErrorId);
        Assert.Equal(missing, exception.Target);
    }

    internal static string ExportKey(X509Certificate2 certificate, PemKeyForm form)
    {
        using RSA? rsa = certificate.GetRSAPrivateKey();
        using ECDsa? ecdsa = certificate.GetECDsaPrivateKey();
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)rsa ?? ecdsa!;
        var encryption = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000);
        return form switch
        {
            PemKeyForm.Pkcs8 => key.ExportPkcs8PrivateKeyPem(),
            PemKeyForm.EncryptedPkcs8 => key.ExportEncryptedPkcs8PrivateKeyPem(Password, encryption),
            PemKeyForm.Pkcs1 => rsa!.ExportRSAPrivateKeyPem(),
            _ => ecdsa!.ExportECPrivateKeyPem(),
        };
    }

    private static string ExpectedLabel(PemKeyForm form) => form switch
    {
        PemKeyForm.Pkcs8 => "BEGIN PRIVATE KEY",
        PemKeyForm.EncryptedPkcs8 => "BEGIN ENCRYPTED PRIVATE KEY",
        PemKeyForm.Pkcs1 => "BEGIN RSA PRIVATE KEY",
        _ => "BEGIN EC PRIVATE KEY",
    };

    /// <summary>A certificate file and its key file in a temporary folder.</summary>
    private sealed class PemPair : IDisposable
    {
        private readonly TemporaryFolder folder = new();

        public string CertificatePath { get; private set; } = "";

        public string KeyPath { get; private set; } = "";

        public static PemPair Create(KeyKind kind, PemKeyForm form)
        {
            using X509Certificate2 certificate = TestCertificates.Create(kind);
            var pair = new PemPair();
            pair.CertificatePath = pair.folder.Write("signer.crt", certificate.ExportCertificatePem());
            pair.KeyPath = pair.folder.Write("signer.key", ExportKey(certificate, form));
            return pair;
        }

        public void Dispose() => folder.Dispose();
    }
}
