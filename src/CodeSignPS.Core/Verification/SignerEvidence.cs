using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// The parts of a decoded signature that every check after integrity needs, whatever the format:
/// the signer info, its certificate and the certificates the signature carries.
/// </summary>
internal sealed record SignerEvidence(SignerInfo Signer, X509Certificate2 SignerCertificate, X509Certificate2Collection Certificates);
