using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Tests.Trust;

/// <summary>A throwaway root, intermediate and code signing leaf.</summary>
internal sealed record Hierarchy(X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Leaf)
{
    public const string RootSubject = "CN=Test Root CA, O=CodeSignPS Tests";
    public const string IntermediateSubject = "CN=Test Code Signing CA, O=CodeSignPS Tests";
    public const string LeafSubject = "CN=Test Publisher, O=CodeSignPS Tests";

    public static readonly DateTimeOffset IntermediateNotBefore = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset IntermediateNotAfter = new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Creates a hierarchy.</summary>
    /// <param name="leafEku">EKUs as comma-separated names (codeSigning, serverAuth, any), or "none" for no EKU extension.</param>
    /// <param name="intermediateEku">Same form as <paramref name="leafEku"/>.</param>
    /// <param name="rootEku">Same form as <paramref name="leafEku"/>.</param>
    public static Hierarchy Create(
        string leafEku = "codeSigning",
        string intermediateEku = "none",
        string rootEku = "none",
        DateTimeOffset? intermediateNotAfter = null,
        string rootSubject = RootSubject)
    {
        X509Certificate2 root = TestPki.CreateSelfSigned(rootSubject, extendedKeyUsages: ParseEku(rootEku));
        X509Certificate2 intermediate = TestPki.Issue(
            root, IntermediateSubject, true, ParseEku(intermediateEku), IntermediateNotBefore, intermediateNotAfter ?? IntermediateNotAfter);
        X509Certificate2 leaf = TestPki.Issue(
            intermediate, LeafSubject, false, ParseEku(leafEku), TestPki.LeafNotBefore, TestPki.LeafNotAfter);
        return new Hierarchy(root, intermediate, leaf);
    }

    /// <summary>The intermediate as the signature would carry it.</summary>
    public X509Certificate2Collection Extra => TestPki.PublicOnly(Intermediate);

    /// <summary>The leaf without its private key, as read from a signature.</summary>
    public X509Certificate2 PublicLeaf => X509CertificateLoader.LoadCertificate(Leaf.RawData);

    /// <summary>Creates a trust store holding only the root.</summary>
    public TrustStore Store(string name = "test-roots") => new(name, TestPki.PublicOnly(Root));

    private static string[]? ParseEku(string names)
    {
        if (names == "none")
        {
            return null;
        }

        return names.Split(',').Select(name => name switch
        {
            "codeSigning" => TestPki.CodeSigning,
            "serverAuth" => TestPki.ServerAuth,
            "any" => TestPki.AnyExtendedKeyUsage,
            _ => throw new ArgumentException($"Unknown EKU name '{name}'.", nameof(names)),
        }).ToArray();
    }
}
