using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy.Matching;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>Decides whether a signer is a given publisher.</summary>
/// <remarks>Name constraints follow <see cref="NameConstraintMatcher"/>: attribute names map to OIDs and values compare case-insensitively.</remarks>
public static class PublisherMatcher
{
    /// <summary>
    /// Null when <paramref name="signer"/>, whose chain ends in <paramref name="anchorStore"/>, is the
    /// publisher: the store is one the publisher is bound to, and every constraint set (subject, issuer,
    /// thumbprints, public key pins, policy OIDs) holds. Otherwise the first reason it is not, naming the
    /// publisher and the constraint.
    /// </summary>
    public static string? FindMismatch(PublisherDefinition publisher, X509Certificate2 signer, PolicyTrustStore? anchorStore)
        => FindMismatches(publisher, signer, anchorStore).FirstOrDefault();

    /// <summary>Every reason <paramref name="signer"/> is not <paramref name="publisher"/>, one per failed constraint, in the order the constraints are listed above; empty when it is.</summary>
    public static IReadOnlyList<string> FindMismatches(PublisherDefinition publisher, X509Certificate2 signer, PolicyTrustStore? anchorStore)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(signer);

        string?[] reasons =
        [
            CheckTrustStore(publisher, anchorStore),
            publisher.Subject is null ? null : NameConstraintMatcher.FindMismatch(publisher.Subject, signer.SubjectName, "subject", publisher.Name),
            publisher.Issuer is null ? null : NameConstraintMatcher.FindMismatch(publisher.Issuer, signer.IssuerName, "issuer", publisher.Name),
            CheckThumbprint(publisher, signer),
            CheckPublicKeyPin(publisher, signer),
            CheckPolicyOids(publisher, signer),
        ];
        return reasons.OfType<string>().ToArray();
    }

    /// <summary>The SHA-256 of the certificate's SubjectPublicKeyInfo DER in lower-case hex, the form <c>publicKeySha256</c> pins take.</summary>
    public static string PublicKeySha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexString(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo())).ToLowerInvariant();
    }

    private static string? CheckTrustStore(PublisherDefinition publisher, PolicyTrustStore? anchorStore)
    {
        string bound = string.Join(", ", publisher.TrustStores.Select(store => $"'{store.Value}'"));
        if (anchorStore is null)
        {
            return $"Publisher '{publisher.Name}' must chain to trust store {bound}, but the certificate's chain ends in no trust store of the policy.";
        }

        string name = anchorStore.Definition.Name;
        return publisher.TrustStores.Any(store => string.Equals(store.Value, name, StringComparison.Ordinal))
            ? null
            : $"Publisher '{publisher.Name}' must chain to trust store {bound}, but the certificate's chain ends in trust store '{name}'.";
    }

    private static string? CheckThumbprint(PublisherDefinition publisher, X509Certificate2 signer)
    {
        if (publisher.Thumbprints.Count == 0)
        {
            return null;
        }

        string thumbprint = signer.Thumbprint.ToUpperInvariant();
        return publisher.Thumbprints.Any(pin => string.Equals(pin.Value, thumbprint, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"Publisher '{publisher.Name}' allows the thumbprints {Join(publisher.Thumbprints)}, but the certificate's thumbprint is {thumbprint}.";
    }

    private static string? CheckPublicKeyPin(PublisherDefinition publisher, X509Certificate2 signer)
    {
        if (publisher.PublicKeySha256.Count == 0)
        {
            return null;
        }

        string pin = PublicKeySha256(signer);
        return publisher.PublicKeySha256.Any(allowed => string.Equals(allowed.Value, pin, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"Publisher '{publisher.Name}' pins the public keys (publicKeySha256) {Join(publisher.PublicKeySha256)}, but the certificate's public key SHA-256 is {pin}.";
    }

    private static string? CheckPolicyOids(PublisherDefinition publisher, X509Certificate2 signer)
    {
        if (publisher.PolicyOids.Count == 0)
        {
            return null;
        }

        IReadOnlyList<string> present = CertificatePolicies.GetPolicyOids(signer);
        string[] missing = publisher.PolicyOids.Select(oid => oid.Value).Where(oid => !present.Contains(oid, StringComparer.Ordinal)).ToArray();
        if (missing.Length == 0)
        {
            return null;
        }

        string found = present.Count == 0 ? "none" : string.Join(", ", present);
        return $"Publisher '{publisher.Name}' requires the certificate policy OIDs {string.Join(", ", missing)}, but the certificate's policies are: {found}.";
    }

    private static string Join(IReadOnlyList<PolicyValue<string>> values) => string.Join(", ", values.Select(value => value.Value));
}
