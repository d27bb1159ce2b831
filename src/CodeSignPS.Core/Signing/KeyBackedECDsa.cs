using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Signing;

/// <summary>
/// An <see cref="ECDsa"/> whose private operation is a <see cref="SigningKey"/>. ECDsa.SignHash does
/// not carry the hash algorithm, so the adapter is made for one algorithm.
/// </summary>
internal sealed class KeyBackedECDsa : ECDsa
{
    private readonly SigningKey _key;
    private readonly ECDsa _publicKey;
    private readonly HashAlgorithmName _hashAlgorithm;

    public KeyBackedECDsa(SigningKey key, ECDsa publicKey, HashAlgorithmName hashAlgorithm)
    {
        _key = key;
        _publicKey = publicKey;
        _hashAlgorithm = hashAlgorithm;
        KeySizeValue = publicKey.KeySize;
        LegalKeySizesValue = publicKey.LegalKeySizes;
    }

    public override byte[] SignHash(byte[] hash) => _key.SignHash(hash, _hashAlgorithm);

    public override bool VerifyHash(byte[] hash, byte[] signature) => _publicKey.VerifyHash(hash, signature);

    public override ECParameters ExportParameters(bool includePrivateParameters)
    {
        if (includePrivateParameters)
        {
            throw new CryptographicException("The private key of a signing key cannot be exported.");
        }

        return _publicKey.ExportParameters(false);
    }

    public override ECParameters ExportExplicitParameters(bool includePrivateParameters)
        => throw new CryptographicException("Explicit curve parameters of a signing key cannot be exported.");

    public override void ImportParameters(ECParameters parameters)
        => throw new NotSupportedException("A signing key's EC parameters cannot be replaced.");

    public override void GenerateKey(ECCurve curve)
        => throw new NotSupportedException("A signing key cannot generate a new key.");

    public static KeyBackedECDsa? TryCreate(SigningKey key, HashAlgorithmName hashAlgorithm)
    {
        ECDsa? publicKey = key.Certificate.GetECDsaPublicKey();
        return publicKey is null ? null : new KeyBackedECDsa(key, publicKey, hashAlgorithm);
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
