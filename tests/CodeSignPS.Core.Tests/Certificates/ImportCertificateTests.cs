using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Tests.Keys;

namespace CodeSignPS.Core.Tests.Certificates;

public sealed class ImportCertificateTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string, string[], bool> PfxVariants => new()
    {
        { "modern AES-256", ["-passout", "pass:" + ImportExportSupport.Password], true },
        { "legacy 3DES and RC2", ["-legacy", "-passout", "pass:" + ImportExportSupport.Password], true },
        { "no MAC", ["-nomac", "-passout", "pass:" + ImportExportSupport.Password], true },
        { "empty password", ["-passout", "pass:"], false },
        { "no encryption, no MAC", ["-keypbe", "NONE", "-certpbe", "NONE", "-nomac", "-passout", "pass:"], false },
    };

    [OpenSslTheory]
    [MemberData(nameof(PfxVariants))]
    public void ImportFile_OpenSslPfx_ReturnsCertificateWithMatchingKey(string variant, string[] options, bool needsPassword)
    {
        (string certificatePath, string keyPath) = ImportExportSupport.Mint(folder.Path);
        string pfx = folder.File("variant.pfx");
        ImportExportSupport.Run(folder.Path, ["pkcs12", "-export", "-in", certificatePath, "-inkey", keyPath, "-out", pfx, .. options]);

        using X509Certificate2 certificate = CertificateImporter.ImportFile(pfx, needsPassword ? Passwords.Secure(ImportExportSupport.Password) : null);

        Assert.True(certificate.HasPrivateKey, variant);
        AssertSigns(certificate);
    }

    [OpenSslTheory]
    [InlineData("RSA", "pkcs8", false)]
    [InlineData("RSA", "pkcs8", true)]
    [InlineData("RSA", "pkcs1", false)]
    [InlineData("RSA", "encrypted", false)]
    [InlineData("EC", "pkcs8", false)]
    [InlineData("EC", "sec1", true)]
    [InlineData("EC", "encrypted", true)]
    public void ImportFile_PemWithCertificateAndKey_ReadsEitherOrder(string algorithm, string keyForm, bool keyFirst)
    {
        (string certificatePath, string keyPath) = ImportExportSupport.Mint(folder.Path, algorithm);
        string converted = ConvertKey(keyPath, algorithm, keyForm);
        string bundle = folder.File("bundle.pem");
        string[] parts = [File.ReadAllText(certificatePath), File.ReadAllText(converted)];
        File.WriteAllText(bundle, keyFirst ? parts[1] + parts[0] : parts[0] + parts[1]);

        using X509Certificate2 certificate = CertificateImporter.ImportFile(bundle, keyForm == "encrypted" ? Passwords.Secure(ImportExportSupport.Password) : null);

        Assert.True(certificate.HasPrivateKey);
        AssertSigns(certificate);
    }

    [OpenSslFact]
    public void ImportWithKey_SeparateFiles_JoinsCertificateAndKey()
    {
        (string certificatePath, string keyPath) = ImportExportSupport.Mint(folder.Path, "EC");
        string der = folder.File("issued.cer");
        ImportExportSupport.Run(folder.Path, "x509", "-in", certificatePath, "-outform", "DER", "-out", der);

        using X509Certificate2 fromPem = CertificateImporter.ImportWithKey(certificatePath, keyPath, null);
        using X509Certificate2 fromDer = CertificateImporter.ImportWithKey(der, keyPath, null);

        AssertSigns(fromPem);
        AssertSigns(fromDer);
    }

    [OpenSslFact]
    public void ImportFile_DerCertificate_ReturnsCertificateWithoutKey()
    {
        (string certificatePath, _) = ImportExportSupport.Mint(folder.Path);
        string der = folder.File("cert.der");
        ImportExportSupport.Run(folder.Path, "x509", "-in", certificatePath, "-outform", "DER", "-out", der);

        using X509Certificate2 certificate = CertificateImporter.ImportFile(der, null);

        Assert.False(certificate.HasPrivateKey);
        Assert.Equal(File.ReadAllBytes(der), certificate.RawData);
    }

    [OpenSslFact]
    public void ImportBase64_PfxText_ReturnsCertificateWithKey()
    {
        (string certificatePath, string keyPath) = ImportExportSupport.Mint(folder.Path);
        string pfx = folder.File("secret.pfx");
        ImportExportSupport.Run(folder.Path, "pkcs12", "-export", "-in", certificatePath, "-inkey", keyPath, "-out", pfx, "-passout", "pass:");
        string base64 = Convert.ToBase64String(File.ReadAllBytes(pfx));

        using X509Certificate2 certificate = CertificateImporter.ImportBase64(base64 + "\n", null);

        AssertSigns(certificate);
    }

    private string ConvertKey(string keyPath, string algorithm, string form)
    {
        string output = folder.File($"key-{form}.pem");
        switch (form)
        {
            case "pkcs8":
                return keyPath;
            case "encrypted":
                ImportExportSupport.Run(folder.Path, "pkcs8", "-topk8", "-in", keyPath, "-out", output, "-v2", "aes-256-cbc", "-passout", "pass:" + ImportExportSupport.Password);
                return output;
            default:
                // openssl ec writes SEC1 by default; openssl rsa needs -traditional for PKCS#1.
                string[] convert = algorithm == "RSA" ? ["rsa", "-in", keyPath, "-out", output, "-traditional"] : ["ec", "-in", keyPath, "-out", output];
                ImportExportSupport.Run(folder.Path, convert);
                Assert.Contains(algorithm == "RSA" ? "BEGIN RSA PRIVATE KEY" : "BEGIN EC PRIVATE KEY", File.ReadAllText(output));
                return output;
        }
    }

    internal static void AssertSigns(X509Certificate2 certificate)
    {
        byte[] data = [1, 2, 3];
        using RSA? rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null)
        {
            byte[] signature = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using RSA publicKey = certificate.GetRSAPublicKey()!;
            Assert.True(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            return;
        }

        using ECDsa ecdsa = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The certificate has no usable private key.");
        using ECDsa ecdsaPublic = certificate.GetECDsaPublicKey()!;
        Assert.True(ecdsaPublic.VerifyData(data, ecdsa.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }
}
