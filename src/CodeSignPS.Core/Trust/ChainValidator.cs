using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>Builds and judges chains against explicit trust stores, offline.</summary>
public sealed class ChainValidator
{
    public ChainValidator(IReadOnlyList<TrustStore> trustStores, bool useSystemTrust)
    {
        TrustStores = trustStores;
        UseSystemTrust = useSystemTrust;
    }

    public IReadOnlyList<TrustStore> TrustStores { get; }

    public bool UseSystemTrust { get; }

    /// <summary>Builds the chain of <paramref name="leaf"/> at <paramref name="verificationTime"/> and checks trust, EKUs and validity.</summary>
    public ChainResult Validate(X509Certificate2 leaf, X509Certificate2Collection extraCertificates, DateTime verificationTime)
        => throw new NotImplementedException();
}
