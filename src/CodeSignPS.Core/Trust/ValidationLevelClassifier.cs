using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>Derives a signer's validation level from its certificate and chain.</summary>
public static class ValidationLevelClassifier
{
    public static ValidationLevel FromCertificate(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain)
        => throw new NotImplementedException();
}
