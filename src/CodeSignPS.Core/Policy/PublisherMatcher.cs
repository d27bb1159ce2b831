using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Policy;

/// <summary>Decides whether a signer is a given publisher.</summary>
public static class PublisherMatcher
{
    /// <summary>
    /// Null when <paramref name="signer"/>, whose chain ends in <paramref name="anchorStore"/>, is the
    /// publisher: the store is one the publisher is bound to, and every constraint set (subject, issuer,
    /// thumbprints, public key pins, policy OIDs) holds. Otherwise the first reason it is not, naming the
    /// publisher and the constraint.
    /// </summary>
    public static string? FindMismatch(PublisherDefinition publisher, X509Certificate2 signer, PolicyTrustStore? anchorStore)
        => throw new NotImplementedException("Contract placeholder.");
}
