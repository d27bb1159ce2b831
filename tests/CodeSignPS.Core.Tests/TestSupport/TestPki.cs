using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Signing;

namespace CodeSignPS.Core.Tests.TestSupport;

/// <summary>A throwaway certificate hierarchy minted in memory: root, intermediate, code signing leaf.</summary>
public sealed class TestPki : IDisposable
{
    public const string CodeSigningEku = "1.3.6.1.5.5.7.3.3";

    private TestPki(X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 leaf)
    {
        Root = root;
        Intermediate = intermediate;
        Leaf = leaf;
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>The code signing certificate, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    public static TestPki Create(string name = "Test", int leafRsaBits = 2048, DateTimeOffset? leafNotBefore = null, DateTimeOffset? leafNotAfter = null)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        X509Certificate2 root = CreateCa($"CN={name} Root CA", issuer: null, now.AddYears(-2), now.AddYears(10));
        X509Certificate2 intermediate = CreateCa($"CN={name} Issuing CA", root, now.AddYears(-1), now.AddYears(5));
        using RSA key = RSA.Create(leafRsaBits);
        X509Certificate2 leaf = CreateLeaf($"CN={name} Code Signing, O=CodeSignPS Tests", key, intermediate,
            leafNotBefore ?? now.AddDays(-30), leafNotAfter ?? now.AddYears(1));
        return new TestPki(root, intermediate, leaf);
    }

    /// <summary>A self-signed code signing certificate with an RSA key.</summary>
    public static X509Certificate2 CreateSelfSigned(string subject = "CN=Self Signed Test", int rsaBits = 2048)
    {
        using RSA key = RSA.Create(rsaBits);
        CertificateRequest request = new(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddCodeSigningExtensions(request);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A self-signed code signing certificate with an ECDSA P-256 key.</summary>
    public static X509Certificate2 CreateSelfSignedEcdsa(string subject = "CN=ECDSA Test")
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new(subject, key, HashAlgorithmName.SHA256);
        AddCodeSigningExtensions(request);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>Writes the root as PEM to <paramref name="path"/>, for use as a trust store.</summary>
    public string WriteRootPem(string path)
    {
        File.WriteAllText(path, Root.ExportCertificatePem());
        return path;
    }

    /// <summary>Signs the file at <paramref name="path"/> in place with the leaf and the intermediate, with default options.</summary>
    public void SignFile(string path)
    {
        using RecordingSigningKey key = new(Leaf, Intermediate);
        new FileSigner(key, new SigningOptions()).Sign(path);
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        Leaf.Dispose();
    }

    private static X509Certificate2 CreateCa(string subject, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        using X509Certificate2 issued = request.Create(issuer, notBefore, notAfter, RandomSerial());
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 CreateLeaf(string subject, RSA key, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        CertificateRequest request = new(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddCodeSigningExtensions(request);
        using X509Certificate2 issued = request.Create(issuer, notBefore, notAfter, RandomSerial());
        return issued.CopyWithPrivateKey(key);
    }

    private static void AddCodeSigningExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(CodeSigningEku) }, false));
    }

    private static byte[] RandomSerial() => RandomNumberGenerator.GetBytes(16);
}
