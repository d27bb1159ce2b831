using System.Formats.Asn1;
using System.Security.Cryptography;

namespace CodeSignPS.Core.Trust;

/// <summary>Loads CRLs from DER or PEM files, or from folders of them.</summary>
/// <remarks>
/// A folder is read non-recursively: files directly inside it ending in <c>.crl</c> or <c>.pem</c>
/// (any case). A folder's <c>.pem</c> files without an X509 CRL block, such as certificates kept
/// next to the CRLs, are skipped; every other file must decode.
/// </remarks>
public static class CrlFileLoader
{
    /// <summary>Loads every CRL at <paramref name="paths"/>.</summary>
    /// <exception cref="CodeSignException">
    /// <c>CrlNotFound</c> when nothing exists at a path, <c>CrlUnreadable</c> when a file cannot be
    /// read or is not a CRL.
    /// </exception>
    public static IReadOnlyList<CertificateRevocationList> Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var crls = new List<CertificateRevocationList>();
        foreach (string path in paths)
        {
            string fullPath = Path.GetFullPath(path);
            if (Directory.Exists(fullPath))
            {
                crls.AddRange(LoadFolder(fullPath));
            }
            else if (File.Exists(fullPath))
            {
                crls.Add(LoadFile(fullPath));
            }
            else
            {
                throw new CodeSignException("CrlNotFound", FailureCategory.ObjectNotFound,
                    $"CRL '{fullPath}' was not found: expected a DER or PEM CRL file or a folder of them. Check the path given to -CrlPath.", fullPath);
            }
        }

        return crls;
    }

    /// <summary>Reads and decodes one CRL file.</summary>
    /// <exception cref="CodeSignException"><c>CrlUnreadable</c> when the file cannot be read or is not a CRL.</exception>
    public static CertificateRevocationList LoadFile(string path)
    {
        try
        {
            return CertificateRevocationList.Decode(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("CrlUnreadable", FailureCategory.ReadError, $"CRL '{path}' could not be read: {ex.Message}", path, ex);
        }
        catch (Exception ex) when (ex is AsnContentException or FormatException or CryptographicException)
        {
            throw Malformed(path, ex);
        }
    }

    private static IEnumerable<CertificateRevocationList> LoadFolder(string folder)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("CrlUnreadable", FailureCategory.ReadError, $"CRL folder '{folder}' could not be listed: {ex.Message}", folder, ex);
        }

        foreach (string file in files.OrderBy(file => file, StringComparer.Ordinal))
        {
            string extension = Path.GetExtension(file);
            if (extension.Equals(".crl", StringComparison.OrdinalIgnoreCase)
                || (extension.Equals(".pem", StringComparison.OrdinalIgnoreCase) && ContainsPemCrl(file)))
            {
                yield return LoadFile(file);
            }
        }
    }

    private static bool ContainsPemCrl(string file)
    {
        try
        {
            return File.ReadAllText(file).Contains("-----BEGIN X509 CRL-----", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("CrlUnreadable", FailureCategory.ReadError, $"CRL folder file '{file}' could not be read: {ex.Message}", file, ex);
        }
    }

    private static CodeSignException Malformed(string path, Exception inner)
        => new("CrlUnreadable", FailureCategory.InvalidData,
            $"'{path}' is not a CRL: expected a DER CertificateList or a PEM X509 CRL block, but decoding failed: {inner.Message}", path, inner);
}
