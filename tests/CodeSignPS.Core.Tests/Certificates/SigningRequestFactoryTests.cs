using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Tests.Keys;

namespace CodeSignPS.Core.Tests.Certificates;

public sealed class SigningRequestFactoryTests
{
    private const string Password = "request-password";

    // ---- Failures keep existing files ----

    [Fact]
    public void Create_RequestFolderMissing_ThrowsAndKeepsExistingKey()
    {
        using var folder = new TemporaryFolder();
        string keyPath = folder.File("key.pem");
        File.WriteAllText(keyPath, "existing key");
        string requestPath = Path.Combine(folder.File("missing"), "req.pem");

        CodeSignException error = Assert.Throws<CodeSignException>(() => SigningRequestFactory.Create(
            new CertificateProfile { Subject = "CN=Request, O=Tests" },
            new SigningRequestOptions { KeyPath = keyPath, Password = Passwords.Secure(Password), RequestPath = requestPath, Overwrite = true }));

        Assert.Equal("OutputFolderNotFound", error.ErrorId);
        Assert.Contains(folder.File("missing"), error.Message, StringComparison.Ordinal);
        Assert.Equal("existing key", File.ReadAllText(keyPath));
    }

    // ---- Request content ----

    [Fact]
    public void Create_Subject_RequestAsksForCodeSigning()
    {
        using var folder = new TemporaryFolder();

        SigningRequest created = SigningRequestFactory.Create(
            new CertificateProfile { Subject = "CN=Request, O=Tests" },
            new SigningRequestOptions { KeyPath = folder.File("key.pem"), Password = Passwords.Secure(Password), RequestPath = folder.File("req.pem") });

        CertificateRequest loaded = CertificateRequest.LoadSigningRequestPem(
            File.ReadAllText(folder.File("req.pem")), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        Assert.Equal("CN=Request, O=Tests", loaded.SubjectName.Name);
        Assert.Equal(created.Pem, File.ReadAllText(folder.File("req.pem")).TrimEnd());
        Assert.Contains(loaded.CertificateExtensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), oid => oid.Value == "1.3.6.1.5.5.7.3.3");
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, loaded.CertificateExtensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.True(created.KeyEncrypted);
    }

    [Fact]
    public void Create_RenewFrom_RepeatsSubjectAndExtensions()
    {
        using X509Certificate2 root = CertificateFactoryTests.NewRoot();
        using X509Certificate2 old = CertificateFactory.Create(
            new CertificateProfile { Subject = "CN=Old, O=Tests", CrlDistributionPoints = [new Uri("http://127.0.0.1/root.crl")] }, root);
        using var folder = new TemporaryFolder();

        SigningRequest created = SigningRequestFactory.Create(
            new CertificateProfile { RenewFrom = old },
            new SigningRequestOptions { KeyPath = folder.File("key.pem"), Password = Passwords.Secure(Password) });

        CertificateRequest loaded = CertificateRequest.LoadSigningRequestPem(
            created.Pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        Assert.Equal(old.SubjectName.RawData, loaded.SubjectName.RawData);
        Assert.Equal(old.Extensions["2.5.29.31"]!.RawData, loaded.CertificateExtensions.Single(extension => extension.Oid?.Value == "2.5.29.31").RawData);
        Assert.NotEqual(Convert.ToHexString(SHA256.HashData(old.PublicKey.ExportSubjectPublicKeyInfo())), created.PublicKeySha256);
    }

    // ---- Key files ----

    [Theory]
    [InlineData(CertificateKeyAlgorithm.Rsa3072)]
    [InlineData(CertificateKeyAlgorithm.ECDsaP256)]
    public void Create_KeyFile_ReadableByPemKeyLoaderWithIssuedCertificate(CertificateKeyAlgorithm algorithm)
    {
        using var folder = new TemporaryFolder();
        SigningRequest created = SigningRequestFactory.Create(
            new CertificateProfile { Subject = "CN=Joined", KeyAlgorithm = algorithm },
            new SigningRequestOptions { KeyPath = folder.File("key.pem"), Password = Passwords.Secure(Password) });
        string certificatePath = folder.Write("issued.pem", IssueFromRequest(created.Pem).ExportCertificatePem());

        using SigningKey key = SigningKeyLoader.FromPem(certificatePath, folder.File("key.pem"), Passwords.Secure(Password));

        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(folder.File("key.pem")));
    }

    [Fact]
    public void Create_KeyFileWrongPassword_LoaderRejects()
    {
        using var folder = new TemporaryFolder();
        SigningRequest created = SigningRequestFactory.Create(
            new CertificateProfile { Subject = "CN=Joined", KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256 },
            new SigningRequestOptions { KeyPath = folder.File("key.pem"), Password = Passwords.Secure(Password) });
        string certificatePath = folder.Write("issued.pem", IssueFromRequest(created.Pem).ExportCertificatePem());

        Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPem(certificatePath, folder.File("key.pem"), Passwords.Secure("wrong")));
    }

    [Fact]
    public void Create_UnprotectedKey_PlainPkcs8()
    {
        using var folder = new TemporaryFolder();

        SigningRequest created = SigningRequestFactory.Create(
            new CertificateProfile { Subject = "CN=Plain", KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256 },
            new SigningRequestOptions { KeyPath = folder.File("key.pem"), UnprotectedKey = true });

        Assert.False(created.KeyEncrypted);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(folder.File("key.pem")));
    }

    [Fact]
    public void Validate_NoPasswordNoSwitch_KeyPasswordMissing()
    {
        using var folder = new TemporaryFolder();

        var exception = Assert.Throws<CodeSignException>(() => SigningRequestFactory.Create(
            new CertificateProfile { Subject = "CN=X" }, new SigningRequestOptions { KeyPath = folder.File("key.pem") }));

        Assert.Equal(CertificateFactoryErrorIds.KeyPasswordMissing, exception.ErrorId);
        Assert.False(File.Exists(folder.File("key.pem")));
    }

    [Fact]
    public void Validate_ExistingKeyFile_OutputFileExistsAndUnchanged()
    {
        using var folder = new TemporaryFolder();
        string keyPath = folder.Write("key.pem", "keep me");

        var exception = Assert.Throws<CodeSignException>(() => SigningRequestFactory.Create(
            new CertificateProfile { Subject = "CN=X" }, new SigningRequestOptions { KeyPath = keyPath, Password = Passwords.Secure(Password) }));

        Assert.Equal(CertificateFactoryErrorIds.OutputFileExists, exception.ErrorId);
        Assert.Equal("keep me", File.ReadAllText(keyPath));
    }

    [Fact]
    public void Create_KeyFile_OwnerOnlyMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new TemporaryFolder();
        SigningRequestFactory.Create(
            new CertificateProfile { Subject = "CN=Mode", KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256 },
            new SigningRequestOptions { KeyPath = folder.File("key.pem"), Password = Passwords.Secure(Password) });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.File("key.pem")));
    }

    // ---- Stores ----

    [Fact]
    public void Validate_LocalMachineOnLinux_StoreLocationNotSupported()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var exception = Assert.Throws<CodeSignException>(() => SigningRequestFactory.Validate(
            new CertificateProfile { Subject = "CN=X" }, new SigningRequestOptions { StoreLocation = StoreLocation.LocalMachine }));

        Assert.Equal(SigningKeyErrorIds.StoreLocationNotSupported, exception.ErrorId);
    }

    [Fact]
    public void Create_CurrentUserStore_PlaceholderHoldsKey()
    {
        SigningRequest created = SigningRequestFactory.Create(
            new CertificateProfile { Subject = $"CN=Store Placeholder {Guid.NewGuid():N}", KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256 },
            new SigningRequestOptions { StoreLocation = StoreLocation.CurrentUser });

        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        X509Certificate2 placeholder = store.Certificates.Find(X509FindType.FindByThumbprint, created.PlaceholderThumbprint!, false).Single();
        try
        {
            Assert.True(placeholder.HasPrivateKey);
            Assert.Equal(created.PublicKeySha256, Convert.ToHexString(SHA256.HashData(placeholder.PublicKey.ExportSubjectPublicKeyInfo())));
        }
        finally
        {
            store.Remove(placeholder);
        }
    }

    // ---- OpenSSL reads what we write ----

    [OpenSslFact]
    public void Create_Request_OpenSslVerifiesRequestAndReadsKey()
    {
        using var folder = new TemporaryFolder();
        SigningRequestFactory.Create(
            new CertificateProfile { Subject = "CN=OpenSSL Check", KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP384 },
            new SigningRequestOptions { KeyPath = folder.File("key.pem"), Password = Passwords.Secure(Password), RequestPath = folder.File("req.pem") });

        OpenSsl.Run(folder.Path, "req", "-verify", "-in", "req.pem", "-noout");
        OpenSsl.Run(folder.Path, "pkey", "-in", "key.pem", "-passin", "pass:" + Password, "-noout");
    }

    private static X509Certificate2 IssueFromRequest(string pem)
    {
        using X509Certificate2 root = CertificateFactoryTests.NewRoot();
        CertificateRequest request = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA384,
            CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        using ECDsa rootKey = root.GetECDsaPrivateKey()!;
        return request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey),
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30), CertificateFactory.NewSerialNumber());
    }
}
