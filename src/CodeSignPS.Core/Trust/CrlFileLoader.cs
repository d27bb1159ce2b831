using System.Formats.Asn1;
using System.Security.Cryptography;

namespace CodeSignPS.Core.Trust;

/// <summary>Loads CRLs from DER or PEM files, or from folders of them.</summary>
/// <remarks>
/// A PEM file may contain several X509 CRL blocks, for example the CRLs of a chain concatenated for
/// openssl's -CRLfile. Every block is read.
///
/// A folder is read non-recursively: files directly inside it ending in <c>.crl</c> or <c>.pem</c>
/// (any case). A folder's <c>.pem</c> files without an X509 CRL block, such as certificates kept
/// next to the CRLs, are skipped; every other file must decode.
/// </remarks>
public static class CrlFileLoader
{
    /// <summary>
    /// The maximum size of a CRL file: 64 MiB, room for roughly a million entries at an estimated 50
    /// bytes each. A wrong path, such as a disk image, then fails fast instead of filling memory.
    /// </summary>
    public const int MaxFileBytes = 64 * 1024 * 1024;

    /// <summary>Loads every CRL at <paramref name="paths"/>.</summary>
    /// <exception cref="CodeSignException">
    /// <c>CrlNotFound</c> when nothing exists at a path, <c>CrlUnreadable</c> when a file cannot be
    /// read or is not a CRL, <c>CrlFileTooLarge</c> when a file is larger than <see cref="MaxFileBytes"/>.
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
                crls.AddRange(LoadAll(fullPath));
            }
            else
            {
                throw new CodeSignException("CrlNotFound", FailureCategory.ObjectNotFound,
                    $"CRL '{fullPath}' was not found: expected a DER or PEM CRL file or a folder of them. Check the path given to -CrlPath.", fullPath);
            }
        }

        return crls;
    }

    /// <summary>Reads and decodes a file that contains one CRL.</summary>
    /// <exception cref="CodeSignException">
    /// <c>CrlUnreadable</c> when the file cannot be read, is not a CRL, or contains several;
    /// <c>CrlFileTooLarge</c> when it is larger than <see cref="MaxFileBytes"/>.
    /// </exception>
    public static CertificateRevocationList LoadFile(string path)
    {
        IReadOnlyList<CertificateRevocationList> crls = LoadAll(path);
        return crls.Count == 1
            ? crls[0]
            : throw Malformed(path, new FormatException($"Expected one CRL, but the file contains {crls.Count} X509 CRL blocks; give a file with one CRL."));
    }

    /// <summary>Reads and decodes every CRL of one file: a DER CRL, or each X509 CRL block of a PEM file.</summary>
    /// <exception cref="CodeSignException">
    /// <c>CrlUnreadable</c> when the file cannot be read or a block is not a CRL; <c>CrlFileTooLarge</c>
    /// when it is larger than <see cref="MaxFileBytes"/>.
    /// </exception>
    public static IReadOnlyList<CertificateRevocationList> LoadAll(string path)
    {
        try
        {
            return CertificateRevocationList.DecodeAll(ReadBounded(path));
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

    // Reads at most one byte past the limit instead of trusting the file's length, which is 0 for
    // devices and pipes.
    private static byte[] ReadBounded(string path)
    {
        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using MemoryStream content = new();
        byte[] buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            content.Write(buffer, 0, read);
            if (content.Length > MaxFileBytes)
            {
                throw new CodeSignException("CrlFileTooLarge", FailureCategory.InvalidData,
                    $"CRL '{path}' is larger than {MaxFileBytes / (1024 * 1024)} MiB, the most a CRL file may hold; check that -CrlPath names a CRL file.", path);
            }
        }

        return content.ToArray();
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
                foreach (CertificateRevocationList crl in LoadAll(file))
                {
                    yield return crl;
                }
            }
        }
    }

    private static bool ContainsPemCrl(string file)
    {
        try
        {
            return System.Text.Encoding.ASCII.GetString(ReadBounded(file)).Contains("-----BEGIN X509 CRL-----", StringComparison.Ordinal);
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
