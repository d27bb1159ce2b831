using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Verification;

/// <summary>Short descriptions of public keys for messages, such as "RSA-3072".</summary>
internal static class KeyDescription
{
    public static string Of(X509Certificate2 certificate)
    {
        using (RSA? rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return $"RSA-{rsa.KeySize}";
            }
        }

        using (ECDsa? ec = certificate.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                return $"EC-{ec.KeySize}";
            }
        }

        return certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown";
    }
}
