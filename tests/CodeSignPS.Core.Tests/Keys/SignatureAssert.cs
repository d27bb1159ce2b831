using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Tests.Keys;

/// <summary>Checks that a signing key's signatures verify with its certificate's public key.</summary>
internal static class SignatureAssert
{
    public static void SignsVerifiably(SigningKey key, HashAlgorithmName? hashAlgorithm = null)
    {
        HashAlgorithmName algorithm = hashAlgorithm ?? HashAlgorithmName.SHA256;
        byte[] hash = Hash(algorithm, "signed content"u8.ToArray());

        byte[] signature = key.SignHash(hash, algorithm);

        using RSA? rsa = key.Certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            Assert.True(rsa.VerifyHash(hash, signature, algorithm, RSASignaturePadding.Pkcs1), "RSA PKCS#1 v1.5 signature does not verify.");
            return;
        }

        using ECDsa ecdsa = key.Certificate.GetECDsaPublicKey()!;
        Assert.Equal(2 * ((ecdsa.KeySize + 7) / 8), signature.Length);
        Assert.True(ecdsa.VerifyHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), "ECDSA P1363 signature does not verify.");
    }

    public static byte[] Hash(HashAlgorithmName algorithm, byte[] data) => algorithm.Name switch
    {
        "SHA256" => SHA256.HashData(data),
        "SHA384" => SHA384.HashData(data),
        "SHA512" => SHA512.HashData(data),
        _ => throw new ArgumentException($"No test hash for {algorithm.Name}.", nameof(algorithm)),
    };
}
