using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>Loads trust anchors from a PEM bundle, a DER file, or a folder of them.</summary>
/// <remarks>
/// A folder is read non-recursively: only files directly inside it whose names end in
/// <c>.pem</c>, <c>.crt</c>, <c>.cer</c> or <c>.der</c> (any case) are loaded, and each of them
/// must contain at least one certificate.
/// </remarks>
public static class TrustStoreLoader
{
    /// <summary>File name extensions loaded from a trust store folder.</summary>
    public static IReadOnlyList<string> FolderExtensions { get; } = new[] { ".pem", ".crt", ".cer", ".der" };

    /// <summary>Loads the certificates at <paramref name="path"/> into a store named by its full path.</summary>
    /// <exception cref="CodeSignException">
    /// <c>TrustStoreNotFound</c> when nothing exists at the path, <c>TrustStoreEmpty</c> when no
    /// certificate was found, <c>TrustStoreUnreadable</c> when a file cannot be read or parsed.
    /// </exception>
    public static TrustStore Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);

        if (Directory.Exists(fullPath))
        {
            return new TrustStore(fullPath, LoadFolder(fullPath));
        }

        if (File.Exists(fullPath))
        {
            return new TrustStore(fullPath, TrustStoreFileReader.Read(fullPath));
        }

        throw new CodeSignException(
            "TrustStoreNotFound",
            FailureCategory.ObjectNotFound,
            $"Trust store '{fullPath}' was not found: expected a PEM bundle, a DER certificate file or a folder of them. Check the path given to -TrustStore.",
            fullPath);
    }

    private static X509Certificate2Collection LoadFolder(string folder)
    {
        string[] allFiles = ListFiles(folder);
        string[] certificateFiles = allFiles
            .Where(HasFolderExtension)
            .OrderBy(file => file, StringComparer.Ordinal)
            .ToArray();

        if (certificateFiles.Length == 0)
        {
            throw new CodeSignException(
                "TrustStoreEmpty",
                FailureCategory.InvalidData,
                $"Trust store folder '{folder}' contains no certificate files: expected files ending in {string.Join(" ", FolderExtensions)}, " +
                $"found {allFiles.Length} other file(s); subfolders are not searched. Put the root certificates directly in the folder.",
                folder);
        }

        var certificates = new X509Certificate2Collection();
        foreach (string file in certificateFiles)
        {
            certificates.AddRange(TrustStoreFileReader.Read(file));
        }

        return certificates;
    }

    private static string[] ListFiles(string folder)
    {
        try
        {
            return Directory.GetFiles(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException(
                "TrustStoreUnreadable",
                FailureCategory.ReadError,
                $"Trust store folder '{folder}' could not be listed: {ex.Message}",
                folder,
                ex);
        }
    }

    private static bool HasFolderExtension(string file)
    {
        string extension = Path.GetExtension(file);
        return FolderExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase);
    }
}
