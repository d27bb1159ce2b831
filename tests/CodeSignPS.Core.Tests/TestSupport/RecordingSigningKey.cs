using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Tests.TestSupport;

/// <summary>A signing key over a certificate with its private key that counts its signing calls.</summary>
public sealed class RecordingSigningKey : SigningKey
{
    private readonly X509Certificate2 _certificate;
    private int _calls;

    public RecordingSigningKey(X509Certificate2 certificate, params X509Certificate2[] chain)
    {
        _certificate = certificate;
        AdditionalCertificates = chain;
    }

    public override X509Certificate2 Certificate => _certificate;

    public override string Source => "test key";

    public override IReadOnlyList<X509Certificate2> AdditionalCertificates { get; }

    /// <summary>How many times <see cref="SignHash"/> ran.</summary>
    public int Calls => _calls;

    /// <summary>When set, every signing call throws this.</summary>
    public Exception? FailWith { get; set; }

    public override byte[] SignHash(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm)
    {
        Interlocked.Increment(ref _calls);
        if (FailWith is not null)
        {
            throw FailWith;
        }

        using RSA? rsa = _certificate.GetRSAPrivateKey();
        if (rsa is not null)
        {
            return rsa.SignHash(hash.ToArray(), hashAlgorithm, RSASignaturePadding.Pkcs1);
        }

        using ECDsa ecdsa = _certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The test certificate has no private key.");
        return ecdsa.SignHash(hash.ToArray());
    }
}
