using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

// Usage: CodeSignPS.DetachedProbe FILE
// Signs FILE into FILE.p7s with a throwaway self-signed certificate, verifies it, and prints
// "status=<Status> vmhwm_kb=<peak resident set size>" read from /proc/self/status (Linux only).
if (args.Length != 1)
{
    Console.Error.WriteLine("Usage: CodeSignPS.DetachedProbe FILE");
    return 2;
}

string path = args[0];
using RSA key = RSA.Create(2048);
CertificateRequest request = new("CN=Detached Probe", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, false));
using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

VerificationOptions verification = new() { TrustStores = [new TrustStore("probe", new X509Certificate2Collection(certificate))] };
using (SigningKey signingKey = SigningKeyLoader.FromCertificate(certificate))
using (DetachedSigner signer = new(signingKey, new SigningOptions { Verification = verification }))
{
    signer.Sign(path);
}

VerificationResult result = new SignatureVerifier(verification).Verify(path);
string peak = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("VmHWM:", StringComparison.Ordinal)) ?? "VmHWM: -1 kB";
Console.WriteLine($"status={result.Status} vmhwm_kb={peak.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]}");
return result.Status == SignatureStatus.Valid ? 0 : 1;
