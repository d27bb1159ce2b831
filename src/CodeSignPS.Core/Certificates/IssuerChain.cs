using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Collects the CA certificates above a certificate that can be found without the network, so that
/// a PFX or PEM file can carry them. A verifier that trusts only the root then still finds the
/// intermediates between the root and the signer.
/// </summary>
internal static class IssuerChain
{
    /// <summary>
    /// Public-only copies of the chain of <paramref name="start"/>, nearest CA first, built from
    /// <paramref name="known"/> and the certificate stores, never downloaded and never checked for
    /// revocation. With <paramref name="includeStart"/> the list begins with <paramref name="start"/>.
    /// </summary>
    public static List<X509Certificate2> Collect(X509Certificate2 start, IEnumerable<X509Certificate2> known, bool includeStart)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;

        // Only the links matter here, because trust and validity are for the verifier to check.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllFlags;
        chain.ChainPolicy.ExtraStore.AddRange(known.ToArray());
        chain.Build(start);

        var collected = new List<X509Certificate2>();
        for (int i = includeStart ? 0 : 1; i < chain.ChainElements.Count; i++)
        {
            X509Certificate2 element = chain.ChainElements[i].Certificate;
            collected.Add(new X509Certificate2(element.RawData));
            element.Dispose();
        }

        return collected;
    }

    /// <summary>Reads every certificate of the given PEM, DER or PFX files (PFX files without a password).</summary>
    public static List<X509Certificate2> ReadFiles(IEnumerable<string> paths)
    {
        var certificates = new List<X509Certificate2>();
        foreach (string path in paths)
        {
            using CertificateFile file = CertificateFileReader.Read(path, password: null);
            certificates.AddRange(file.Certificates);
        }

        return certificates;
    }
}
