using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>The validation level of a signer under a policy, from the class of the store its chain ends in.</summary>
public static class PolicyLevelClassifier
{
    /// <summary>
    /// SelfSigned for a self-signed store, Internal for an enterprise store; for a public store EV when the
    /// signer carries 2.23.140.1.3 or an EV OID of <paramref name="levels"/>, else OV. Unknown without a store.
    /// </summary>
    public static ValidationLevel Classify(X509Certificate2 signer, PolicyTrustStore? anchorStore, LevelDefinitions levels)
        => throw new NotImplementedException("Contract placeholder.");
}
