using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.IO;

namespace CodeSignPS.Core.Trust;

/// <summary>
/// Maintains the CRL of an internal CA: adds revoked serial numbers and reissues the CRL with the next
/// CRL number, replacing the file atomically. <see cref="Open"/> validates without using the CA's key,
/// so a caller can confirm before <see cref="Revoke"/> signs and writes.
/// </summary>
public sealed class CrlIssuer
{
    private readonly X509Certificate2 _issuer;
    private readonly string _crlPath;
    private readonly byte[]? _currentBytes;

    private CrlIssuer(X509Certificate2 issuer, string crlPath, byte[]? currentBytes, CertificateRevocationList? current)
    {
        _issuer = issuer;
        _crlPath = crlPath;
        _currentBytes = currentBytes;
        Current = current;
    }

    /// <summary>The CRL now at the path; null when the file does not exist yet.</summary>
    public CertificateRevocationList? Current { get; }

    /// <summary>
    /// Checks that <paramref name="issuer"/> has its private key and may sign CRLs, and that an existing
    /// CRL at <paramref name="crlPath"/> is this CA's: its issuer name matches and its signature verifies.
    /// </summary>
    /// <exception cref="CodeSignException">
    /// <c>IssuerPrivateKeyMissing</c>, <c>IssuerNotCertificateAuthority</c>, <c>CrlUnreadable</c>, or
    /// <c>CrlIssuerMismatch</c> when the existing CRL belongs to another CA.
    /// </exception>
    public static CrlIssuer Open(X509Certificate2 issuer, string crlPath)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentException.ThrowIfNullOrEmpty(crlPath);
        string fullPath = Path.GetFullPath(crlPath);
        CheckIssuer(issuer);
        if (!File.Exists(fullPath))
        {
            return new CrlIssuer(issuer, fullPath, null, null);
        }

        CertificateRevocationList current = CrlFileLoader.LoadFile(fullPath);
        string? mismatch = !IssuerNames.AreEqual(current.Issuer, issuer.SubjectName)
            ? $"it was issued by '{current.Issuer.Name}'"
            : current.VerifySignature(issuer);
        if (mismatch is not null)
        {
            throw new CodeSignException("CrlIssuerMismatch", FailureCategory.InvalidData,
                $"The CRL '{fullPath}' does not belong to the CA '{issuer.Subject}': {mismatch}. Give the CRL path of this CA, or a new path to start a CRL.", fullPath);
        }

        return new CrlIssuer(issuer, fullPath, File.ReadAllBytes(fullPath), current);
    }

    /// <summary>Returns the current CRL's entry for <paramref name="serialNumber"/> (hex), or null.</summary>
    public RevokedCertificateEntry? FindEntry(string serialNumber)
    {
        string normalized = RevokedCertificateEntry.NormalizeSerialNumber(serialNumber);
        return Current?.Entries.FirstOrDefault(entry => entry.SerialNumber == normalized);
    }

    /// <summary>
    /// Adds <paramref name="serialNumber"/> (hex) to the CRL, keeping every existing entry, signs the
    /// CRL with the next CRL number, and replaces the file. Returns the CRL written.
    /// </summary>
    /// <param name="reason">The reasonCode; null writes an entry without one, which RFC 5280 §5.3.1 prefers to unspecified.</param>
    /// <exception cref="CodeSignException"><c>SerialNumberInvalid</c>, or <c>CertificateAlreadyRevoked</c> when the serial number is already listed.</exception>
    public CertificateRevocationList Revoke(string serialNumber, X509RevocationReason? reason, DateTimeOffset revocationTime, TimeSpan nextUpdateAfter, DateTimeOffset? now = null)
    {
        byte[] serial = ParseSerialNumber(serialNumber);
        if (FindEntry(serialNumber) is { } existing)
        {
            throw new CodeSignException("CertificateAlreadyRevoked", FailureCategory.InvalidOperation,
                $"The serial number {existing.SerialNumber} is already on the CRL '{_crlPath}', revoked on {existing.RevocationDate.UtcDateTime:u} with reason {existing.Reason?.ToString() ?? "none"}; the CRL was left unchanged.", _crlPath);
        }

        BigInteger currentNumber = BigInteger.Zero;
        CertificateRevocationListBuilder builder = _currentBytes is null
            ? new CertificateRevocationListBuilder()
            : Current!.RawData.Span.SequenceEqual(_currentBytes)
                ? CertificateRevocationListBuilder.Load(_currentBytes, out currentNumber)
                : CertificateRevocationListBuilder.LoadPem(System.Text.Encoding.ASCII.GetString(_currentBytes), out currentNumber);
        builder.AddEntry(serial, revocationTime.ToUniversalTime(), reason);

        DateTimeOffset thisUpdate = (now ?? DateTimeOffset.UtcNow).ToUniversalTime();
        byte[] der = builder.Build(_issuer, currentNumber + 1, thisUpdate + nextUpdateAfter, SignatureHash(_issuer), RsaPadding(_issuer), thisUpdate);
        AtomicFileWriter.CreateOrReplace(_crlPath, WritesPem() ? System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", der) + "\n") : der);
        return CertificateRevocationList.Decode(der);
    }

    private bool WritesPem()
        => _currentBytes is not null ? !Current!.RawData.Span.SequenceEqual(_currentBytes) : _crlPath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase);

    private static void CheckIssuer(X509Certificate2 issuer)
    {
        if (!issuer.HasPrivateKey)
        {
            throw new CodeSignException("IssuerPrivateKeyMissing", FailureCategory.InvalidArgument,
                $"The CA certificate '{issuer.Subject}' (thumbprint {issuer.Thumbprint}) has no private key, so it cannot sign a CRL. Load it with its key, for example from its PFX file.", issuer.Thumbprint);
        }

        bool isCa = issuer.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true };
        X509KeyUsageExtension? keyUsage = issuer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (!isCa || (keyUsage is not null && !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.CrlSign)))
        {
            throw new CodeSignException("IssuerNotCertificateAuthority", FailureCategory.InvalidArgument,
                $"The certificate '{issuer.Subject}' (thumbprint {issuer.Thumbprint}) cannot sign CRLs: expected basic constraints CA:TRUE and, when key usage is present, cRLSign. Give the CA certificate that issued the certificate to revoke.", issuer.Thumbprint);
        }
    }

    private static RSASignaturePadding? RsaPadding(X509Certificate2 issuer)
    {
        using RSA? rsa = issuer.GetRSAPublicKey();
        return rsa is null ? null : RSASignaturePadding.Pkcs1;
    }

    private static byte[] ParseSerialNumber(string serialNumber)
    {
        string normalized = RevokedCertificateEntry.NormalizeSerialNumber(serialNumber);
        try
        {
            byte[] serial = Convert.FromHexString(normalized);
            if (serial.Length == 0)
            {
                throw new FormatException("The serial number is empty.");
            }

            // The builder writes the bytes as a DER INTEGER, and a serial number is positive, so a
            // leading byte with its top bit set needs the 00 sign byte in front.
            return serial[0] >= 0x80 ? [0x00, .. serial] : serial;
        }
        catch (FormatException ex)
        {
            throw new CodeSignException("SerialNumberInvalid", FailureCategory.InvalidArgument,
                $"The serial number '{serialNumber}' is not hexadecimal; expected digits 0-9 and A-F, as in the SerialNumber of a certificate.", serialNumber, ex);
        }
    }

    // Matches the digest to the key's strength, as CAs do: SHA-384 for P-384, SHA-512 for P-521.
    private static HashAlgorithmName SignatureHash(X509Certificate2 issuer)
    {
        using ECDsa? ecdsa = issuer.GetECDsaPublicKey();
        return ecdsa?.KeySize switch
        {
            384 => HashAlgorithmName.SHA384,
            521 => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
    }
}
