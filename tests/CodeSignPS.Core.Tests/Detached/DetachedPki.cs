using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Detached;

/// <summary>Key kinds that detached signatures are tested with.</summary>
public enum LeafKey
{
    Rsa2048,
    EcdsaP256,
    EcdsaP384,
}

/// <summary>A throwaway root, issuing CA and code signing leaf with an RSA or ECDSA key, minted in memory.</summary>
public sealed class DetachedPki : IDisposable
{
    private DetachedPki(X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 leaf)
    {
        Root = root;
        Intermediate = intermediate;
        Leaf = leaf;
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>The code signing certificate, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    public static DetachedPki Create(LeafKey leafKey)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using RSA rootKey = RSA.Create(2048);
        X509Certificate2 root = CaRequest($"CN=Detached {leafKey} Root", rootKey).CreateSelfSigned(now.AddYears(-1), now.AddYears(5));
        using RSA intermediateKey = RSA.Create(2048);
        X509Certificate2 intermediate = Issue(CaRequest($"CN=Detached {leafKey} Issuing CA", intermediateKey), root, now.AddYears(-1), now.AddYears(4))
            .CopyWithPrivateKey(intermediateKey);

        X509Certificate2 leaf = leafKey switch
        {
            LeafKey.Rsa2048 => LeafRsa(intermediate, now),
            LeafKey.EcdsaP256 => LeafEcdsa(intermediate, now, ECCurve.NamedCurves.nistP256),
            _ => LeafEcdsa(intermediate, now, ECCurve.NamedCurves.nistP384),
        };
        return new DetachedPki(root, intermediate, leaf);
    }

    /// <summary>Writes the root, the leaf with the issuing CA, and the leaf's PKCS#8 key as PEM files for openssl.</summary>
    public (string RootPem, string LeafPem, string KeyPem) WritePem(string folder)
    {
        string rootPem = Path.Combine(folder, "root.pem");
        string leafPem = Path.Combine(folder, "leaf.pem");
        string keyPem = Path.Combine(folder, "leaf.key");
        File.WriteAllText(rootPem, Root.ExportCertificatePem());
        File.WriteAllText(leafPem, Leaf.ExportCertificatePem() + "\n" + Intermediate.ExportCertificatePem());
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)Leaf.GetRSAPrivateKey() ?? Leaf.GetECDsaPrivateKey()!;
        using (key)
        {
            File.WriteAllText(keyPem, key.ExportPkcs8PrivateKeyPem());
        }

        return (rootPem, leafPem, keyPem);
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        Leaf.Dispose();
    }

    private static CertificateRequest CaRequest(string subject, RSA key)
    {
        CertificateRequest request = new(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static X509Certificate2 LeafRsa(X509Certificate2 issuer, DateTimeOffset now)
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new("CN=Detached RSA Signer, O=CodeSignPS Tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddLeafExtensions(request);
        using X509Certificate2 issued = Issue(request, issuer, now.AddDays(-1), now.AddYears(1));
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 LeafEcdsa(X509Certificate2 issuer, DateTimeOffset now, ECCurve curve)
    {
        using ECDsa key = ECDsa.Create(curve);
        CertificateRequest request = new("CN=Detached ECDSA Signer, O=CodeSignPS Tests", key, HashAlgorithmName.SHA256);
        AddLeafExtensions(request);
        using X509Certificate2 issued = Issue(request, issuer, now.AddDays(-1), now.AddYears(1));
        return issued.CopyWithPrivateKey(key);
    }

    private static void AddLeafExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(TestPki.CodeSigningEku) }, false));
    }

    // The issuer's RSA key signs explicitly, because CertificateRequest.Create(issuer) expects the
    // issuer's key type to match the subject's.
    private static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using RSA issuerKey = issuer.GetRSAPrivateKey()!;
        X509SignatureGenerator generator = X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1);
        return request.Create(issuer.SubjectName, generator, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
    }
}
