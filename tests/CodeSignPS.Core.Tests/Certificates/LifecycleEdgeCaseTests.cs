using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Tests.Keys;

namespace CodeSignPS.Core.Tests.Certificates;

/// <summary>Outputs that collide, empty passwords, renewals and chains of the certificate lifecycle.</summary>
public sealed class LifecycleEdgeCaseTests : IDisposable
{
    private const string Password = "Lifecycle-Edge1";
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    // ---- Outputs that name the same file or a folder ----

    [Fact]
    public void CreateRequest_RequestPathEqualsKeyPath_OutputPathsCollideAndNothingWritten()
    {
        string path = folder.File("request.pem");
        var options = new SigningRequestOptions { RequestPath = path, KeyPath = path, Password = Passwords.Secure(Password) };

        var exception = Assert.Throws<CodeSignException>(() => SigningRequestFactory.Create(Leaf("CN=Same"), options));

        Assert.Equal(CertificateFileErrorIds.OutputPathsCollide, exception.ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Export_KeyPathIsLinkToFilePath_OutputPathsCollide()
    {
        using X509Certificate2 signer = CertificateFactory.Create(Leaf("CN=Linked"), issuer: null);
        string target = folder.File("signer.pem");
        string linkedFolder = folder.File("linked");
        Directory.CreateSymbolicLink(linkedFolder, folder.Path);
        var options = new CertificateExportOptions
        {
            Format = CertificateFileFormat.Pem,
            IncludePrivateKey = true,
            KeyPath = Path.Combine(linkedFolder, "signer.pem"),
            Password = Passwords.Secure(Password),
        };

        var exception = Assert.Throws<CodeSignException>(() => CertificateExporter.Export(signer, target, options));

        Assert.Equal(CertificateFileErrorIds.OutputPathsCollide, exception.ErrorId);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void CheckDistinct_NamesDifferingInCase_FollowThePlatform()
    {
        string lower = folder.File("signer.pem");
        string upper = folder.File("SIGNER.pem");

        Exception? exception = Record.Exception(() => OutputPaths.CheckDistinct(lower, upper, "-FilePath", "-KeyPath"));

        Assert.Equal(OperatingSystem.IsLinux(), exception is null);
    }

    [Fact]
    public void CreateRequest_RequestPathIsFolder_OutputPathIsFolderAndNoKey()
    {
        string requestFolder = Directory.CreateDirectory(folder.File("request.csr")).FullName;
        string keyPath = folder.File("request.key");
        var options = new SigningRequestOptions { RequestPath = requestFolder, KeyPath = keyPath, Password = Passwords.Secure(Password) };

        var exception = Assert.Throws<CodeSignException>(() => SigningRequestFactory.Create(Leaf("CN=Folder"), options));

        Assert.Equal(CertificateFileErrorIds.OutputPathIsFolder, exception.ErrorId);
        Assert.False(File.Exists(keyPath));
    }

    // ---- Empty passwords ----

    [Theory]
    [InlineData(CertificateFileFormat.Pfx)]
    [InlineData(CertificateFileFormat.Pem)]
    public void Export_EmptyPassword_PrivateKeyPasswordRequired(CertificateFileFormat format)
    {
        using X509Certificate2 signer = CertificateFactory.Create(Leaf("CN=Empty"), issuer: null);
        string path = folder.File("signer.out");
        var options = new CertificateExportOptions { Format = format, IncludePrivateKey = format == CertificateFileFormat.Pem, Password = new SecureString() };

        var exception = Assert.Throws<CodeSignException>(() => CertificateExporter.Export(signer, path, options));

        Assert.Equal(CertificateFileErrorIds.PrivateKeyPasswordRequired, exception.ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Export_EmptyPasswordWithUnprotectedKey_WritesPlainKey()
    {
        using X509Certificate2 signer = CertificateFactory.Create(Leaf("CN=Plain"), issuer: null);
        string path = folder.File("signer.pem");
        var options = new CertificateExportOptions { Format = CertificateFileFormat.Pem, IncludePrivateKey = true, Password = new SecureString(), UnprotectedKey = true };

        CertificateExporter.Export(signer, path, options);

        Assert.Contains("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ExportPfx_EmptyPassword_KeyPasswordMissing()
    {
        using X509Certificate2 signer = CertificateFactory.Create(Leaf("CN=Empty PFX"), issuer: null);
        string path = folder.File("signer.pfx");

        var exception = Assert.Throws<CodeSignException>(() => CertificateFactory.ExportPfx(signer, path, new SecureString(), overwrite: false));

        Assert.Equal(CertificateFactoryErrorIds.KeyPasswordMissing, exception.ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void CreateRequest_EmptyPassword_KeyPasswordMissing()
    {
        string keyPath = folder.File("request.key");
        var options = new SigningRequestOptions { KeyPath = keyPath, Password = new SecureString() };

        var exception = Assert.Throws<CodeSignException>(() => SigningRequestFactory.Create(Leaf("CN=Empty"), options));

        Assert.Equal(CertificateFactoryErrorIds.KeyPasswordMissing, exception.ErrorId);
        Assert.False(File.Exists(keyPath));
    }

    // ---- Renewal and unusual issuers ----

    [Fact]
    public void Create_RenewFromCertificateWithoutCodeSigningEku_RenewCodeSigningEkuMissing()
    {
        using X509Certificate2 server = TestCertificates.Create(KeyKind.EcdsaP256, [TestCertificates.ServerAuthenticationOid]);
        var profile = new CertificateProfile { RenewFrom = server };

        var exception = Assert.Throws<CodeSignException>(() => CertificateFactory.Create(profile, issuer: null));

        Assert.Equal(CertificateFactoryErrorIds.RenewCodeSigningEkuMissing, exception.ErrorId);
    }

    [Fact]
    public void Create_IssuerWithoutSubjectKeyIdentifier_ComputesAuthorityKeyIdentifier()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=CA without SKI", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using X509Certificate2 leaf = CertificateFactory.Create(Leaf("CN=Leaf", validityDays: 5), authority);

        byte[] expected = SHA1.HashData(authority.PublicKey.EncodedKeyValue.RawData);
        X509AuthorityKeyIdentifierExtension identifier = leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        Assert.Equal(expected, identifier.KeyIdentifier!.Value.ToArray());
    }

    // ---- Chains written with the certificate ----

    [Fact]
    public void ExportPfx_IssuedByIntermediate_HoldsTheIntermediate()
    {
        using X509Certificate2 root = CertificateFactoryTests.NewRoot();
        using X509Certificate2 intermediate = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Intermediate", CertificateAuthority = true, ValidityDays = 30 }, root);
        using X509Certificate2 leaf = CertificateFactory.Create(Leaf("CN=Signer", validityDays: 5), intermediate);
        string path = folder.File("signer.pfx");

        CertificateFactory.ExportPfx(leaf, path, Passwords.Secure(Password), overwrite: false, intermediate);

        using SigningKey loaded = SigningKeyLoader.FromPfx(path, Passwords.Secure(Password));
        Assert.Equal(leaf.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.Contains(loaded.AdditionalCertificates, certificate => certificate.Thumbprint == intermediate.Thumbprint);
    }

    [Theory]
    [InlineData(CertificateFileFormat.Pfx)]
    [InlineData(CertificateFileFormat.Pem)]
    public void Export_IncludeChainFromChainPath_WritesTheCaCertificates(CertificateFileFormat format)
    {
        using X509Certificate2 root = CertificateFactoryTests.NewRoot();
        using X509Certificate2 intermediate = CertificateFactory.Create(new CertificateProfile { Subject = "CN=Intermediate", CertificateAuthority = true, ValidityDays = 30 }, root);
        using X509Certificate2 leaf = CertificateFactory.Create(Leaf("CN=Signer", validityDays: 5), intermediate);
        string chainPath = folder.Write("chain.pem", intermediate.ExportCertificatePem() + "\n" + root.ExportCertificatePem());
        string path = folder.File("signer.out");
        var options = new CertificateExportOptions { Format = format, IncludeChain = true, ChainPaths = [chainPath] };

        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(leaf.RawData);
        CertificateExporter.Export(publicOnly, path, options);

        using CertificateFile written = CertificateFileReader.Read(path, null);
        string[] expected = [leaf.Thumbprint, intermediate.Thumbprint, root.Thumbprint];
        Assert.Equal(expected.Order(), written.Certificates.Select(certificate => certificate.Thumbprint).Order());
    }

    // ---- Damaged files in an inventory ----

    [Fact]
    public void Read_TruncatedPfx_PfxUnreadable()
    {
        using X509Certificate2 signer = CertificateFactory.Create(Leaf("CN=Truncated"), issuer: null);
        string whole = folder.File("whole.pfx");
        CertificateFactory.ExportPfx(signer, whole, Passwords.Secure(Password), overwrite: false);
        string truncated = folder.Write("truncated.pfx", File.ReadAllBytes(whole)[..300]);

        var exception = Assert.Throws<CodeSignException>(() => CertificateFileReader.Read(truncated, Passwords.Secure(Password)));

        Assert.Equal(SigningKeyErrorIds.PfxUnreadable, exception.ErrorId);
    }

    private static CertificateProfile Leaf(string subject, int? validityDays = null) =>
        new() { Subject = subject, KeyAlgorithm = CertificateKeyAlgorithm.ECDsaP256, ValidityDays = validityDays };
}
