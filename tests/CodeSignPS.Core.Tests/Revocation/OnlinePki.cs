using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Tests.Revocation;

/// <summary>
/// A throwaway RSA CA with a delegated OCSP responder, and leaves whose CRL distribution point and
/// OCSP URLs point at the test servers.
/// </summary>
internal sealed class OnlinePki
{
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    public const string OcspSigning = "1.3.6.1.5.5.7.3.9";

    private int _nextSerial = 0x10;

    public OnlinePki(string name = "CodeSignPS Online Test CA")
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name} {Guid.NewGuid():N}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(5));
        Responder = Issue("CN=CodeSignPS Test OCSP Responder", [OcspSigning], null, null);
    }

    public X509Certificate2 Root { get; }

    /// <summary>A delegated OCSP responder: OCSP signing EKU, issued by <see cref="Root"/>.</summary>
    public X509Certificate2 Responder { get; }

    /// <summary>Issues a code signing leaf naming <paramref name="crlUrl"/> and <paramref name="ocspUrl"/> when given.</summary>
    public X509Certificate2 IssueLeaf(string name, Uri? crlUrl, Uri? ocspUrl)
        => Issue($"CN={name}", [CodeSigning], crlUrl, ocspUrl);

    /// <summary>Builds a CRL of <see cref="Root"/> listing <paramref name="revoked"/> with keyCompromise, valid for a day.</summary>
    public byte[] BuildCrl(BigInteger crlNumber, params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (X509Certificate2 certificate in revoked)
        {
            builder.AddEntry(certificate, DateTimeOffset.UtcNow.AddHours(-2), X509RevocationReason.KeyCompromise);
        }

        return builder.Build(Root, crlNumber, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, DateTimeOffset.UtcNow.AddHours(-1));
    }

    /// <summary>Writes a certificate as PEM, and its RSA key as PKCS#8 PEM when <paramref name="keyPath"/> is given.</summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string? keyPath = null)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        if (keyPath is not null)
        {
            using RSA key = certificate.GetRSAPrivateKey()!;
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }
    }

    private X509Certificate2 Issue(string subject, string[] ekus, Uri? crlUrl, Uri? ocspUrl)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection();
        foreach (string eku in ekus)
        {
            usages.Add(new Oid(eku));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root ?? throw new InvalidOperationException(), true, false));
        if (crlUrl is not null)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crlUrl.ToString()]));
        }

        if (ocspUrl is not null)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([ocspUrl.ToString()], null));
        }

        // A first byte of 0x12 keeps the serial positive and its hex form the same in .NET and openssl.
        byte[] serial = [0x12, 0x34, (byte)Interlocked.Increment(ref _nextSerial), .. RandomNumberGenerator.GetBytes(5)];
        using X509Certificate2 issued = request.Create(Root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(60), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
