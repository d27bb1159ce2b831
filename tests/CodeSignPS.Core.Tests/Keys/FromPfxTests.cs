using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Tests.Keys;

public class FromPfxTests
{
    // Minted by .NET and by openssl

    [Theory]
    [InlineData(KeyKind.Rsa2048, "p@ss word")]
    [InlineData(KeyKind.Rsa3072, "")]
    [InlineData(KeyKind.EcdsaP256, "secret")]
    [InlineData(KeyKind.EcdsaP384, "secret")]
    public void FromPfx_DotNetMinted_SignsVerifiably(KeyKind kind, string password)
    {
        using X509Certificate2 certificate = TestCertificates.Create(kind);
        using var folder = new TemporaryFolder();
        string path = folder.Write("signer.pfx", certificate.Export(X509ContentType.Pkcs12, password));

        using SigningKey key = SigningKeyLoader.FromPfx(path, Passwords.Secure(password));

        SignatureAssert.SignsVerifiably(key);
        Assert.Equal(certificate.Thumbprint, key.Certificate.Thumbprint);
        Assert.Equal($"PFX file '{path}'", key.Source);
    }

    [OpenSslTheory]
    [InlineData("RSA", "pass:secret", "secret")]
    [InlineData("EC", "pass:secret", "secret")]
    [InlineData("RSA", "pass:", null)]
    [InlineData("EC", "pass:", "")]
    public void FromPfx_OpenSslMinted_SignsVerifiably(string algorithm, string passOut, string? password)
    {
        using var folder = new TemporaryFolder();
        (string certificatePath, string keyPath) = OpenSsl.MintCodeSigningCertificate(folder.Path, "signer", algorithm);
        string path = folder.File("signer.pfx");
        OpenSsl.Run(folder.Path, "pkcs12", "-export", "-in", certificatePath, "-inkey", keyPath, "-out", path, "-passout", passOut);

        using SigningKey key = SigningKeyLoader.FromPfx(path, password is null ? null : Passwords.Secure(password));

        SignatureAssert.SignsVerifiably(key);
    }

    // Passwords

    [Fact]
    public void FromPfx_WrongPassword_PfxPasswordInvalid()
    {
        using var folder = new TemporaryFolder();
        string path = WritePfx(folder, "right");

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfx(path, Passwords.Secure("n0t-the-Password")));

        Assert.Equal(SigningKeyErrorIds.PfxPasswordInvalid, exception.ErrorId);
        Assert.Equal(path, exception.Target);
        Assert.DoesNotContain("n0t-the-Password", exception.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void FromPfx_PasswordMissing_PfxPasswordRequired(string? password)
    {
        using var folder = new TemporaryFolder();
        string path = WritePfx(folder, "right");

        var exception = Assert.Throws<CodeSignException>(
            () => SigningKeyLoader.FromPfx(path, password is null ? null : Passwords.Secure(password)));

        Assert.Equal(SigningKeyErrorIds.PfxPasswordRequired, exception.ErrorId);
    }

    // Files that are not a usable PFX

    [Fact]
    public void FromPfx_MissingFile_FileNotFound()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("absent.pfx");

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfx(path, null));

        Assert.Equal(SigningKeyErrorIds.FileNotFound, exception.ErrorId);
        Assert.Equal(FailureCategory.ObjectNotFound, exception.Category);
        Assert.Contains(path, exception.Message);
    }

    // An empty file has its own id, FileEmpty, which HostileKeyFileTests checks.
    public static TheoryData<string> NotPfxContents() => new()
    {
        "pem-certificate",
        "garbage",
        "truncated",
    };

    [Theory]
    [MemberData(nameof(NotPfxContents))]
    public void FromPfx_NotAPfx_PfxUnreadable(string content)
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        using var folder = new TemporaryFolder();
        byte[] pfx = certificate.Export(X509ContentType.Pkcs12, "pw");
        byte[] bytes = content switch
        {
            "pem-certificate" => System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()),
            "garbage" => [1, 2, 3, 4, 5],
            _ => pfx[..(pfx.Length / 2)],
        };
        string path = folder.Write("signer.pfx", bytes);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfx(path, Passwords.Secure("pw")));

        Assert.Equal(SigningKeyErrorIds.PfxUnreadable, exception.ErrorId);
        Assert.Equal(path, exception.Target);
    }

    [Fact]
    public void FromPfx_CertificateWithoutKey_PrivateKeyMissing()
    {
        using X509Certificate2 withKey = TestCertificates.Create(KeyKind.Rsa2048);
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);
        using var folder = new TemporaryFolder();
        string path = folder.Write("public.pfx", publicOnly.Export(X509ContentType.Pkcs12, "pw"));

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfx(path, Passwords.Secure("pw")));

        Assert.Equal(SigningKeyErrorIds.PrivateKeyMissing, exception.ErrorId);
    }

    // Several certificates in one PFX

    [Theory]
    [InlineData(KeyKind.Rsa2048)]
    [InlineData(KeyKind.EcdsaP256)]
    public void FromPfx_AuthorityAndLeafWithKeys_PicksCodeSigningLeaf(KeyKind leafKind)
    {
        (X509Certificate2 authority, X509Certificate2 leaf) = TestCertificates.CreateIssuedChain(leafKind);
        using (authority)
        using (leaf)
        {
            using var folder = new TemporaryFolder();
            string path = folder.Write("chain.pfx", new X509Certificate2Collection { authority, leaf }.Export(X509ContentType.Pkcs12, "pw")!);

            using SigningKey key = SigningKeyLoader.FromPfx(path, Passwords.Secure("pw"));

            Assert.Equal(leaf.Thumbprint, key.Certificate.Thumbprint);
            X509Certificate2 additional = Assert.Single(key.AdditionalCertificates);
            Assert.Equal(authority.Thumbprint, additional.Thumbprint);
            Assert.False(additional.HasPrivateKey);
            SignatureAssert.SignsVerifiably(key);
        }
    }

    [Fact]
    public void FromPfx_TwoCodeSigningKeys_PfxCertificateAmbiguous()
    {
        using X509Certificate2 first = TestCertificates.Create(KeyKind.Rsa2048);
        using X509Certificate2 second = TestCertificates.Create(KeyKind.EcdsaP256);
        using var folder = new TemporaryFolder();
        string path = folder.Write("two.pfx", new X509Certificate2Collection { first, second }.Export(X509ContentType.Pkcs12, "pw")!);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfx(path, Passwords.Secure("pw")));

        Assert.Equal(SigningKeyErrorIds.PfxCertificateAmbiguous, exception.ErrorId);
        Assert.Contains(first.Thumbprint, exception.Message);
        Assert.Contains(second.Thumbprint, exception.Message);
    }

    [Fact]
    public void FromPfx_TwoKeysNeitherForCodeSigning_CodeSigningEkuMissing()
    {
        using X509Certificate2 first = TestCertificates.Create(KeyKind.Rsa2048, [TestCertificates.ServerAuthenticationOid]);
        using X509Certificate2 second = TestCertificates.CreateWithoutEku(KeyKind.EcdsaP256);
        using var folder = new TemporaryFolder();
        string path = folder.Write("two.pfx", new X509Certificate2Collection { first, second }.Export(X509ContentType.Pkcs12, "pw")!);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfx(path, Passwords.Secure("pw")));

        Assert.Equal(SigningKeyErrorIds.CodeSigningEkuMissing, exception.ErrorId);
    }

    private static string WritePfx(TemporaryFolder folder, string password)
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        return folder.Write("signer.pfx", certificate.Export(X509ContentType.Pkcs12, password));
    }
}
