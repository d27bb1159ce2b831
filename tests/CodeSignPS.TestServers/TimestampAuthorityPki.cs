using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.TestServers;

/// <summary>
/// A throwaway timestamping PKI minted at test time: a root CA and a TSA certificate with the
/// critical time stamping EKU, as PEM files in one folder.
/// </summary>
public sealed class TimestampAuthorityPki
{
    public const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";

    private TimestampAuthorityPki(string folder)
    {
        Folder = folder;
    }

    public string Folder { get; }

    public string RootCertificatePath => Path.Combine(Folder, "tsa-root.pem");

    public string TsaCertificatePath => Path.Combine(Folder, "tsa.pem");

    public string TsaKeyPath => Path.Combine(Folder, "tsa.key");

    /// <summary>Uses the PKI in <paramref name="folder"/>, minting it first when the files are missing.</summary>
    public static TimestampAuthorityPki OpenOrCreate(string folder)
    {
        Directory.CreateDirectory(folder);
        TimestampAuthorityPki pki = new(folder);
        if (!File.Exists(pki.RootCertificatePath) || !File.Exists(pki.TsaCertificatePath) || !File.Exists(pki.TsaKeyPath))
        {
            pki.Mint();
        }

        return pki;
    }

    /// <summary>Loads the TSA certificate with its private key.</summary>
    public X509Certificate2 LoadTsaCertificate() => X509Certificate2.CreateFromPemFile(TsaCertificatePath, TsaKeyPath);

    public X509Certificate2 LoadRootCertificate() => X509Certificate2.CreateFromPemFile(RootCertificatePath);

    private void Mint()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using RSA rootKey = RSA.Create(3072);
        CertificateRequest rootRequest = new("CN=CodeSignPS Test TSA Root, O=CodeSignPS Tests", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using X509Certificate2 root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));

        using RSA tsaKey = RSA.Create(3072);
        CertificateRequest tsaRequest = new("CN=CodeSignPS Test TSA, O=CodeSignPS Tests", tsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        tsaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        tsaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));

        // RFC 3161 §2.3: the TSA certificate has exactly one EKU, id-kp-timeStamping, marked critical.
        tsaRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(TimeStampingOid) }, true));
        tsaRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(tsaRequest.PublicKey, false));
        tsaRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 tsa = tsaRequest.Create(root, now.AddHours(-1), now.AddYears(1), serial);

        File.WriteAllText(RootCertificatePath, root.ExportCertificatePem());
        File.WriteAllText(TsaCertificatePath, tsa.ExportCertificatePem());
        File.WriteAllText(TsaKeyPath, tsaKey.ExportPkcs8PrivateKeyPem());
    }
}
