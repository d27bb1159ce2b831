using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>A named set of trust anchors loaded from PEM bundles, DER files or folders of them.</summary>
public sealed class TrustStore
{
    public TrustStore(string name, X509Certificate2Collection certificates)
    {
        Name = name;
        Certificates = certificates;
    }

    /// <summary>Name shown in messages: the path it was loaded from, or a policy's store name.</summary>
    public string Name { get; }

    public X509Certificate2Collection Certificates { get; }
}
