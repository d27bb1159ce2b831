using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CodeSignPS.Core.Trust;

/// <summary>Reads the certificates of one trust store file: PEM CERTIFICATE blocks or a single DER certificate.</summary>
internal static class TrustStoreFileReader
{
    /// <summary>Largest trust store file read; the .NET SDK's code signing bundle is well under 1 MiB.</summary>
    internal const long MaxFileBytes = 16 * 1024 * 1024;

    private const string PemBeginMarker = "-----BEGIN ";

    internal static X509Certificate2Collection Read(string file) => Parse(file, ReadBounded(file));

    /// <summary>Reads the whole file, at most <see cref="MaxFileBytes"/>, for a caller that checks the bytes before <see cref="Parse"/>.</summary>
    internal static byte[] ReadBounded(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (info.Length > MaxFileBytes)
            {
                throw Unreadable(file, $"{info.Length} bytes, more than the {MaxFileBytes} bytes a trust store file may have", null);
            }

            return File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException(
                "TrustStoreUnreadable",
                FailureCategory.ReadError,
                $"Trust store file '{file}' could not be read: {ex.Message}",
                file,
                ex);
        }
    }

    /// <summary>Reads the certificates in <paramref name="content"/>, the bytes of <paramref name="file"/>.</summary>
    internal static X509Certificate2Collection Parse(string file, byte[] content)
    {
        if (content.Length == 0)
        {
            throw Empty(file, "an empty file");
        }

        string? text = TryDecodeAsPemText(content);
        return text is null ? ReadDer(file, content) : ReadPem(file, text);
    }

    /// <summary>Returns the file as text when it contains a PEM begin marker, else null (binary DER).</summary>
    private static string? TryDecodeAsPemText(byte[] content)
    {
        ReadOnlySpan<byte> marker = "-----BEGIN "u8;
        if (content.AsSpan().IndexOf(marker) < 0)
        {
            return null;
        }

        // PEM is ASCII. Some editors write a UTF-8 byte order mark, which would hide a block at the very
        // start from PemEncoding because only whitespace may precede a begin line.
        ReadOnlySpan<byte> text = content;
        ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
        if (text.StartsWith(byteOrderMark))
        {
            text = text[byteOrderMark.Length..];
        }

        return Encoding.UTF8.GetString(text);
    }

    private static X509Certificate2Collection ReadDer(string file, byte[] content)
    {
        X509ContentType type = GetContentType(content);
        if (type != X509ContentType.Cert)
        {
            throw Unreadable(file, DescribeContent(type, content.Length), null);
        }

        try
        {
            return new X509Certificate2Collection(new X509Certificate2(content));
        }
        catch (CryptographicException ex)
        {
            throw Unreadable(file, $"{content.Length} bytes that do not decode as a DER certificate ({ex.Message})", ex);
        }
    }

    private static X509Certificate2Collection ReadPem(string file, string text)
    {
        var certificates = new X509Certificate2Collection();
        var otherLabels = new List<string>();
        var blockStarts = new HashSet<int>();
        int offset = 0;

        while (PemEncoding.TryFind(text.AsSpan(offset), out PemFields fields))
        {
            string label = text.Substring(offset + fields.Label.Start.Value, fields.Label.End.Value - fields.Label.Start.Value);
            blockStarts.Add(offset + fields.Location.Start.Value);

            if (label == "CERTIFICATE")
            {
                string base64 = text.Substring(offset + fields.Base64Data.Start.Value, fields.Base64Data.End.Value - fields.Base64Data.Start.Value);
                certificates.Add(DecodeCertificateBlock(file, text, offset + fields.Location.Start.Value, base64));
            }
            else if (label == "TRUSTED CERTIFICATE")
            {
                // OpenSSL appends trust settings after the certificate, which .NET cannot read.
                throw Unreadable(file, $"a TRUSTED CERTIFICATE block at line {LineOf(text, offset + fields.Location.Start.Value)}; convert it with 'openssl x509 -in FILE -out NEW.pem'", null);
            }
            else
            {
                otherLabels.Add(label);
            }

            offset += fields.Location.End.Value;
        }

        ThrowOnBrokenBlock(file, text, blockStarts);

        if (certificates.Count == 0)
        {
            throw Empty(file, $"PEM blocks labeled {string.Join(", ", otherLabels.Distinct())} and no CERTIFICATE block");
        }

        return certificates;
    }

    private static X509Certificate2 DecodeCertificateBlock(string file, string text, int blockStart, string base64)
    {
        try
        {
            byte[] der = Convert.FromBase64String(base64);
            if (GetContentType(der) != X509ContentType.Cert)
            {
                throw new CryptographicException("the block's content is not an X.509 certificate");
            }

            return new X509Certificate2(der);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw Unreadable(file, $"a CERTIFICATE block at line {LineOf(text, blockStart)} that is not a valid certificate ({ex.Message})", ex);
        }
    }

    /// <summary>Rejects a begin marker that starts no valid block: a missing end line or bad base64 would otherwise drop an anchor silently.</summary>
    private static void ThrowOnBrokenBlock(string file, string text, HashSet<int> blockStarts)
    {
        int marker = text.IndexOf(PemBeginMarker, StringComparison.Ordinal);
        while (marker >= 0)
        {
            if (!blockStarts.Contains(marker))
            {
                throw Unreadable(file, $"a PEM block at line {LineOf(text, marker)} with no matching END line or with invalid base64", null);
            }

            marker = text.IndexOf(PemBeginMarker, marker + PemBeginMarker.Length, StringComparison.Ordinal);
        }
    }

    /// <summary>Returns the content type, or Unknown where the platform throws for unrecognized bytes (Windows).</summary>
    private static X509ContentType GetContentType(byte[] content)
    {
        try
        {
            return X509Certificate2.GetCertContentType(content);
        }
        catch (CryptographicException)
        {
            return X509ContentType.Unknown;
        }
    }

    private static string DescribeContent(X509ContentType type, int length) => type switch
    {
        X509ContentType.Pfx => "a PKCS#12 (PFX) file; export its certificate with 'openssl pkcs12 -in FILE -nokeys -out NEW.pem'",
        X509ContentType.Pkcs7 => "a PKCS#7 bundle; convert it with 'openssl pkcs7 -print_certs -in FILE -out NEW.pem'",
        _ => $"{length} bytes that are neither PEM text nor a DER certificate",
    };

    private static int LineOf(string text, int index)
    {
        int line = 1;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private static CodeSignException Empty(string file, string found) => new(
        "TrustStoreEmpty",
        FailureCategory.InvalidData,
        $"Trust store file '{file}' contains no certificate: expected PEM CERTIFICATE blocks or one DER certificate, found {found}.",
        file);

    private static CodeSignException Unreadable(string file, string found, Exception? inner) => new(
        "TrustStoreUnreadable",
        FailureCategory.InvalidData,
        $"Trust store file '{file}' could not be read: expected PEM CERTIFICATE blocks or one DER certificate, found {found}.",
        file,
        inner);
}
