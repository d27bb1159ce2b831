using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CodeSignPS.Core.Keys;

/// <summary>Reads the CERTIFICATE blocks of a PEM file (RFC 7468 textual encoding).</summary>
internal static class PemCertificateReader
{
    private const string CertificateLabel = "CERTIFICATE";

    /// <summary>
    /// Returns every certificate in the file, in file order; the first one is the signer. Throws
    /// PemCertificateUnreadable when there is none or one cannot be decoded.
    /// </summary>
    public static List<X509Certificate2> ReadAll(string path)
    {
        string text = Encoding.UTF8.GetString(KeyFile.SkipByteOrderMark(KeyFile.ReadAllBytes(path, "certificate file")));
        var certificates = new List<X509Certificate2>();
        try
        {
            ReadOnlySpan<char> remaining = text;
            while (PemEncoding.TryFind(remaining, out PemFields fields))
            {
                if (remaining[fields.Label].SequenceEqual(CertificateLabel))
                {
                    certificates.Add(Decode(remaining[fields.Base64Data], path, certificates.Count + 1));
                }

                remaining = remaining[fields.Location.End..];
            }
        }
        catch
        {
            certificates.ForEach(certificate => certificate.Dispose());
            throw;
        }

        // PemEncoding skips a block whose base64 text does not decode, so a damaged block would
        // otherwise be reported as a missing one.
        if (certificates.Count == 0 && text.Contains($"-----BEGIN {CertificateLabel}-----", StringComparison.Ordinal))
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PemCertificateUnreadable,
                FailureCategory.InvalidData,
                $"The certificate file '{path}' has a {CertificateLabel} block that is damaged: its text between the BEGIN and END lines " +
                "is not valid base64, or an END line is missing. Copy or download the file again.",
                path);
        }

        if (certificates.Count == 0)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PemCertificateUnreadable,
                FailureCategory.InvalidData,
                $"The certificate file '{path}' contains no PEM block labelled {CertificateLabel}. " +
                "Give a PEM certificate; convert a DER one with 'openssl x509 -inform DER -in FILE -out FILE.pem'.",
                path);
        }

        return certificates;
    }

    /// <summary>
    /// Returns the certificate that issued none of the others, which is the end-entity certificate of
    /// a bundle or of a CA's response in any order. Falls back to the first one.
    /// </summary>
    public static X509Certificate2 Leaf(IReadOnlyList<X509Certificate2> certificates) =>
        certificates.FirstOrDefault(candidate => !certificates.Any(other =>
            !ReferenceEquals(other, candidate) && !IsSelfIssued(other)
            && other.IssuerName.RawData.AsSpan().SequenceEqual(candidate.SubjectName.RawData)))
        ?? certificates[0];

    private static bool IsSelfIssued(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static X509Certificate2 Decode(ReadOnlySpan<char> base64, string path, int position)
    {
        try
        {
            return CertificateBytes.Decode(Convert.FromBase64String(base64.ToString()));
        }
        catch (CryptographicException exception)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PemCertificateUnreadable,
                FailureCategory.InvalidData,
                $"CERTIFICATE block {position} of the file '{path}' is not a valid X.509 certificate: {exception.Message}",
                path,
                exception);
        }
    }
}
