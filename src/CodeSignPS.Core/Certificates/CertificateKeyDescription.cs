using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

/// <summary>The public key algorithm and size of a certificate, as an inventory shows them.</summary>
/// <param name="Algorithm">"RSA", "ECDSA", or the name or OID of another algorithm.</param>
/// <param name="Size">Bits; 0 for algorithms other than RSA and ECDSA.</param>
internal sealed record CertificateKeyDescription(string Algorithm, int Size)
{
    public const string Rsa = "RSA";
    public const string Ecdsa = "ECDSA";

    public bool IsSupported => Algorithm is Rsa or Ecdsa;

    public static CertificateKeyDescription Of(X509Certificate2 certificate)
    {
        using (RSA? rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return new CertificateKeyDescription(Rsa, rsa.KeySize);
            }
        }

        using (ECDsa? ec = certificate.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                return new CertificateKeyDescription(Ecdsa, ec.KeySize);
            }
        }

        Oid oid = certificate.PublicKey.Oid;
        return new CertificateKeyDescription(oid.FriendlyName ?? oid.Value ?? "unknown", 0);
    }
}
