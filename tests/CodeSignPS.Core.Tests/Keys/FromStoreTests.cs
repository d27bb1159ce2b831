using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Tests.Keys;

public class FromStoreTests
{
    // Certificates in CurrentUser\My

    [Theory]
    [InlineData(KeyKind.Rsa2048)]
    [InlineData(KeyKind.EcdsaP256)]
    public void FromStore_CurrentUserCertificate_SignsVerifiably(KeyKind kind)
    {
        using X509Certificate2 certificate = TestCertificates.Create(kind);
        using X509Certificate2 persisted = Persistable(certificate);

        WithCertificateInStore(persisted, () =>
        {
            using SigningKey key = SigningKeyLoader.FromStore(certificate.Thumbprint, StoreLocation.CurrentUser);

            SignatureAssert.SignsVerifiably(key);
            Assert.Equal(certificate.Thumbprint, key.Certificate.Thumbprint);
            Assert.Equal(@"store CurrentUser\My", key.Source);
        });
    }

    [Fact]
    public void FromStore_ThumbprintCopiedWithSpacesAndMarks_Found()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.EcdsaP256);
        using X509Certificate2 persisted = Persistable(certificate);
        string thumbprint = "\u200E" + string.Join(' ', certificate.Thumbprint.ToLowerInvariant().Chunk(2).Select(pair => new string(pair)));

        WithCertificateInStore(persisted, () =>
        {
            using SigningKey key = SigningKeyLoader.FromStore(thumbprint, StoreLocation.CurrentUser);

            Assert.Equal(certificate.Thumbprint, key.Certificate.Thumbprint);
        });
    }

    [Fact]
    public void FromStore_CertificateWithoutKey_PrivateKeyMissing()
    {
        using X509Certificate2 withKey = TestCertificates.Create(KeyKind.Rsa2048);
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);

        WithCertificateInStore(publicOnly, () =>
        {
            var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromStore(withKey.Thumbprint, StoreLocation.CurrentUser));

            Assert.Equal(SigningKeyErrorIds.PrivateKeyMissing, exception.ErrorId);
            Assert.Equal(withKey.Thumbprint, exception.Target);
        });
    }

    [Fact]
    public void FromStore_CertificateWithoutCodeSigningEku_CodeSigningEkuMissing()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048, [TestCertificates.ServerAuthenticationOid]);
        using X509Certificate2 persisted = Persistable(certificate);

        WithCertificateInStore(persisted, () =>
        {
            var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromStore(certificate.Thumbprint, StoreLocation.CurrentUser));

            Assert.Equal(SigningKeyErrorIds.CodeSigningEkuMissing, exception.ErrorId);
        });
    }

    // Thumbprints that find nothing

    [Fact]
    public void FromStore_UnknownThumbprint_CertificateNotFound()
    {
        string thumbprint = Convert.ToHexString(Guid.NewGuid().ToByteArray()) + "00C0FFEE";

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromStore(thumbprint, StoreLocation.CurrentUser));

        Assert.Equal(SigningKeyErrorIds.CertificateNotFound, exception.ErrorId);
        Assert.Equal(FailureCategory.ObjectNotFound, exception.Category);
        Assert.Equal(thumbprint, exception.Target);
        Assert.Contains(thumbprint, exception.Message);
        Assert.Contains(@"CurrentUser\My", exception.Message);
    }

    [Theory]
    [InlineData("ABC")]
    [InlineData("not a thumbprint at all, not a thumbprint")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    public void FromStore_MalformedThumbprint_ThumbprintInvalid(string thumbprint)
    {
        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromStore(thumbprint, StoreLocation.CurrentUser));

        Assert.Equal(SigningKeyErrorIds.ThumbprintInvalid, exception.ErrorId);
        Assert.Equal(FailureCategory.InvalidArgument, exception.Category);
    }

    // Store locations

    [Fact]
    public void FromStore_LocalMachineOnLinux_StoreLocationNotSupported()
    {
        // Windows and macOS do have LocalMachine\My, so there the lookup reaches the store instead.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var exception = Assert.Throws<CodeSignException>(
            () => SigningKeyLoader.FromStore("0123456789ABCDEF0123456789ABCDEF01234567", StoreLocation.LocalMachine));

        Assert.Equal(SigningKeyErrorIds.StoreLocationNotSupported, exception.ErrorId);
        Assert.Contains(@"LocalMachine\My", exception.Message);
    }

    // A Windows store entry only points at a persisted key, and CreateSelfSigned's key is not
    // persisted, so a PFX round trip with PersistKeySet persists it. Linux stores the key as given.
    private static X509Certificate2 Persistable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(
            certificate.Export(X509ContentType.Pkcs12, "store"),
            "store",
            X509KeyStorageFlags.Exportable | X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.UserKeySet);

    private static void WithCertificateInStore(X509Certificate2 certificate, Action test)
    {
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(certificate);
        try
        {
            test();
        }
        finally
        {
            store.Remove(certificate);
        }
    }
}
