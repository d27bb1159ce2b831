using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>Loading the certificate files of a signed policy, each only after its own signature verifies.</summary>
public sealed partial class PolicyTrustMaterial
{
    /// <summary>Loads the certificates at <paramref name="path"/> (a file, or a folder read as <see cref="TrustStoreLoader"/> reads one), every file signed.</summary>
    private static X509Certificate2Collection LoadSigned(PolicyDocument document, TrustStoreDefinition definition, string path, IReadOnlyList<TrustStore> signers)
    {
        var certificates = new X509Certificate2Collection();
        foreach (string file in CertificateFilesAt(path))
        {
            // Read once: the bytes whose signature verifies are the bytes loaded.
            byte[] content = TrustStoreFileReader.ReadBounded(file);
            PolicySignatureCheck.VerifyTrustFile(document.FilePath, definition.Name, file, content, signers);
            certificates.AddRange(TrustStoreFileReader.Parse(file, content));
        }

        return certificates;
    }

    private static IEnumerable<string> CertificateFilesAt(string path)
    {
        if (!Directory.Exists(path))
        {
            // A missing file is reported by the reader, as for an unsigned policy.
            return [path];
        }

        string[] files;
        try
        {
            files = Directory.GetFiles(path)
                .Where(file => TrustStoreLoader.FolderExtensions.Any(extension => file.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("TrustStoreUnreadable", FailureCategory.ReadError, $"Trust store folder '{path}' could not be listed: {ex.Message}", path, ex);
        }

        if (files.Length == 0)
        {
            throw new CodeSignException(
                "TrustStoreEmpty",
                FailureCategory.InvalidData,
                $"Trust store folder '{path}' contains no certificate files: expected files ending in {string.Join(" ", TrustStoreLoader.FolderExtensions)}; subfolders are not searched.",
                path);
        }

        return files;
    }
}
