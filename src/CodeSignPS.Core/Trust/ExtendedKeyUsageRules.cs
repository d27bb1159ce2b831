using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>The extended key usage (EKU) rules a code signing or timestamping chain must meet.</summary>
internal static class ExtendedKeyUsageRules
{
    internal const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";

    internal const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";

    /// <summary>anyExtendedKeyUsage (RFC 5280, 4.2.1.12): an EKU extension with it restricts nothing.</summary>
    internal const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    /// <summary>Returns why the chain fails the EKU rules of <paramref name="purpose"/>, or null when it passes.</summary>
    /// <remarks>
    /// The leaf must list the purpose's EKU explicitly. Any certificate above it may omit the EKU
    /// extension, but one that has it must list that EKU or anyExtendedKeyUsage, because a CA
    /// restricted to other purposes cannot vouch for the leaf. RFC 3161, 2.3 also requires a TSA
    /// certificate to mark the extension critical and list time stamping alone. This check does not,
    /// because many Microsoft TSA certificates in real tokens mark it non-critical.
    /// </remarks>
    internal static string? FindViolation(IReadOnlyList<X509Certificate2> chain, ChainPurpose purpose = ChainPurpose.CodeSigning)
    {
        X509Certificate2 leaf = chain[0];
        IReadOnlyList<string>? leafUsages = ReadUsages(leaf);
        (string requiredOid, string usageName, string leafRole) = purpose == ChainPurpose.TimeStamping
            ? (TimeStampingOid, "time stamping", "timestamping authority certificate")
            : (CodeSigningOid, "code signing", "signer certificate");

        if (leafUsages is null || !leafUsages.Contains(requiredOid))
        {
            string advice = purpose == ChainPurpose.TimeStamping
                ? "Use a timestamp server whose certificate is issued for time stamping."
                : "Sign with a certificate issued for code signing.";
            return $"The {leafRole} '{leaf.Subject}' does not have the {usageName} extended key usage ({requiredOid}); " +
                $"it has {Describe(leafUsages)}. {advice}";
        }

        for (int i = 1; i < chain.Count; i++)
        {
            IReadOnlyList<string>? usages = ReadUsages(chain[i]);
            if (usages is not null && !usages.Contains(requiredOid) && !usages.Contains(AnyExtendedKeyUsageOid))
            {
                return $"The CA certificate '{chain[i].Subject}' on the chain of '{leaf.Subject}' restricts its extended key usage to " +
                    $"{Describe(usages)}, which excludes {usageName} ({requiredOid}).";
            }
        }

        return null;
    }

    /// <summary>Returns the EKU OIDs, null when the certificate has no EKU extension, and an empty list when the extension is malformed.</summary>
    /// <remarks>A malformed extension still restricts the certificate, and it restricts it to nothing.</remarks>
    private static IReadOnlyList<string>? ReadUsages(X509Certificate2 certificate)
    {
        X509Extension? extension = certificate.Extensions["2.5.29.37"];
        if (extension is null)
        {
            return null;
        }

        try
        {
            var decoded = new X509EnhancedKeyUsageExtension(extension, extension.Critical);
            return decoded.EnhancedKeyUsages.Cast<Oid>().Select(oid => oid.Value ?? string.Empty).ToArray();
        }
        catch (CryptographicException)
        {
            return Array.Empty<string>();
        }
    }

    private static string Describe(IReadOnlyList<string>? usages)
    {
        if (usages is null)
        {
            return "no extended key usage extension";
        }

        if (usages.Count == 0)
        {
            return "an empty or malformed extended key usage extension";
        }

        return string.Join(", ", usages.Select(DescribeOid));
    }

    private static string DescribeOid(string oid)
    {
        string? name = new Oid(oid).FriendlyName;
        return string.IsNullOrEmpty(name) ? oid : $"{name} ({oid})";
    }
}
