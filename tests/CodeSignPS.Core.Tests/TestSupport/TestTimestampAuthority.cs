using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Tests.TestSupport;

/// <summary>How the EKU extension of a test TSA certificate looks.</summary>
public enum TestTsaUsage
{
    /// <summary>Critical, time stamping only, as RFC 3161 requires.</summary>
    CriticalTimeStamping,

    /// <summary>Time stamping only but not critical, as in many real Microsoft TSA certificates.</summary>
    NonCriticalTimeStamping,

    /// <summary>Code signing instead of time stamping.</summary>
    CodeSigning,
}

/// <summary>
/// A throwaway timestamping authority minted in memory: a root and a TSA certificate with RSA keys.
/// It makes RFC 3161 tokens with .NET (any time) or with <c>openssl ts</c> (the current time), and
/// PKCS#9 countersignatures, without any server.
/// </summary>
public sealed class TestTimestampAuthority : IDisposable
{
    private const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";
    private const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    private TestTimestampAuthority(X509Certificate2 root, X509Certificate2 tsa)
    {
        Root = root;
        Tsa = tsa;
    }

    public X509Certificate2 Root { get; }

    /// <summary>The TSA certificate, with its private key.</summary>
    public X509Certificate2 Tsa { get; }

    /// <summary>A trust store with the root, for <c>TimestampTrustStores</c>.</summary>
    public TrustStore Store => new($"{Root.GetNameInfo(X509NameType.SimpleName, false)} store", new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(Root.RawData)));

    public static TestTimestampAuthority Create(string name = "Test TSA", TestTsaUsage usage = TestTsaUsage.CriticalTimeStamping, DateTimeOffset? tsaNotAfter = null)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using RSA rootKey = RSA.Create(2048);
        CertificateRequest rootRequest = new($"CN={name} Root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        X509Certificate2 root = rootRequest.CreateSelfSigned(now.AddYears(-2), now.AddYears(10));

        using RSA tsaKey = RSA.Create(2048);
        CertificateRequest request = new($"CN={name}, O=CodeSignPS Tests", tsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        string eku = usage == TestTsaUsage.CodeSigning ? TestPki.CodeSigningEku : TimeStampingEku;
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(eku) }, usage == TestTsaUsage.CriticalTimeStamping));
        using X509Certificate2 issued = request.Create(root, now.AddDays(-30), tsaNotAfter ?? now.AddYears(2), RandomNumberGenerator.GetBytes(16));
        return new TestTimestampAuthority(root, issued.CopyWithPrivateKey(tsaKey));
    }

    /// <summary>Makes an RFC 3161 token over <paramref name="signatureValue"/> with .NET, stating <paramref name="time"/>.</summary>
    public byte[] CreateToken(byte[] signatureValue, DateTimeOffset time, HashAlgorithmName? hashAlgorithm = null)
    {
        HashAlgorithmName algorithm = hashAlgorithm ?? HashAlgorithmName.SHA256;
        using IncrementalHash hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(signatureValue);
        Rfc3161TimestampTokenInfo info = new(
            new Oid("1.2.3.4.1"),
            new Oid(AuthenticodeOids.GetDigestOid(algorithm)),
            hash.GetHashAndReset(),
            PositiveSerialNumber(),
            time);

        SignedCms token = new(new ContentInfo(new Oid(TstInfoOid), info.Encode()));
        CmsSigner signer = new(SubjectIdentifierType.IssuerAndSerialNumber, Tsa)
        {
            IncludeOption = X509IncludeOption.EndCertOnly,
            DigestAlgorithm = new Oid(AuthenticodeOids.Sha256),
        };
        signer.SignedAttributes.Add(new AsnEncodedData(SigningCertificateV2Oid, SigningCertificateV2(Tsa)));
        token.ComputeSignature(signer);
        return token.Encode();
    }

    /// <summary>
    /// Makes an RFC 3161 token over <paramref name="signatureValue"/> with <c>openssl ts -query</c> and
    /// <c>openssl ts -reply</c>, stating the current time. Needs a TSA with critical time stamping EKU,
    /// which openssl requires of its signer.
    /// </summary>
    public byte[] CreateTokenWithOpenSsl(byte[] signatureValue, string folder)
    {
        string work = Directory.CreateDirectory(Path.Combine(folder, "tsa-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllBytes(Path.Combine(work, "signature.bin"), signatureValue);
        File.WriteAllText(Path.Combine(work, "tsa.pem"), Tsa.ExportCertificatePem());
        using (RSA key = Tsa.GetRSAPrivateKey()!)
        {
            File.WriteAllText(Path.Combine(work, "tsa.key"), key.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllText(Path.Combine(work, "serial"), "01\n");
        File.WriteAllText(Path.Combine(work, "ts.cnf"), """
            [ tsa ]
            default_tsa = test_tsa
            [ test_tsa ]
            serial = ./serial
            signer_cert = ./tsa.pem
            signer_key = ./tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ess_cert_id_alg = sha256
            """);

        OpenSsl.Run(work, "ts", "-query", "-data", "signature.bin", "-sha256", "-cert", "-out", "request.tsq");
        OpenSsl.Run(work, "ts", "-reply", "-config", "ts.cnf", "-queryfile", "request.tsq", "-token_out", "-out", "token.der");
        return File.ReadAllBytes(Path.Combine(work, "token.der"));
    }

    public void Dispose()
    {
        Root.Dispose();
        Tsa.Dispose();
    }

    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }                (RFC 5035, 3)
    // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT id-sha256, certHash OCTET STRING, ... }
    private static byte[] SigningCertificateV2(X509Certificate2 certificate)
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
        }

        return writer.Encode();
    }

    // A DER INTEGER must not start with nine equal bits, so the first byte is kept between 0x40 and
    // 0x7F: positive, and never a redundant leading byte.
    internal static byte[] PositiveSerialNumber()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }
}
