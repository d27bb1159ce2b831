using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Signing;

/// <summary>
/// An <see cref="RSA"/> whose private operation is a <see cref="SigningKey"/>, so that SignedCms can
/// sign with a key it cannot see (a token, a vault, an external signer).
/// </summary>
internal sealed class KeyBackedRsa : RSA
{
    private readonly SigningKey _key;
    private readonly RSA _publicKey;

    public KeyBackedRsa(SigningKey key, RSA publicKey)
    {
        _key = key;
        _publicKey = publicKey;
        KeySizeValue = publicKey.KeySize;
        LegalKeySizesValue = publicKey.LegalKeySizes;
    }

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        if (padding != RSASignaturePadding.Pkcs1)
        {
            throw new CryptographicException($"Authenticode signatures use PKCS#1 v1.5 padding, not {padding.Mode}.");
        }

        return _key.SignHash(hash, hashAlgorithm);
    }

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
        => _publicKey.VerifyHash(hash, signature, hashAlgorithm, padding);

    public override RSAParameters ExportParameters(bool includePrivateParameters)
    {
        if (includePrivateParameters)
        {
            throw new CryptographicException("The private key of a signing key cannot be exported.");
        }

        return _publicKey.ExportParameters(false);
    }

    public override void ImportParameters(RSAParameters parameters)
        => throw new NotSupportedException("A signing key's RSA parameters cannot be replaced.");

    public static KeyBackedRsa? TryCreate(SigningKey key)
    {
        RSA? publicKey = key.Certificate.GetRSAPublicKey();
        return publicKey is null ? null : new KeyBackedRsa(key, publicKey);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _publicKey.Dispose();
        }

        base.Dispose(disposing);
    }
}
