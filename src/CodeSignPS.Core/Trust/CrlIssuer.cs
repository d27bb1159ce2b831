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
    private const int MaxCrlNumberOctets = 20;

    private readonly X509Certificate2 _issuer;
    private readonly string _crlPath;
    private readonly bool _writesPem;

    private CrlIssuer(X509Certificate2 issuer, string crlPath, bool writesPem, CertificateRevocationList? current)
    {
        _issuer = issuer;
        _crlPath = crlPath;
        _writesPem = writesPem;
        Current = current;
    }

    /// <summary>The CRL now at the path; null when the file does not exist yet.</summary>
    public CertificateRevocationList? Current { get; }

    /// <summary>
    /// Checks that <paramref name="issuer"/> has its private key and may sign CRLs, that the folder of
    /// <paramref name="crlPath"/> exists, and that an existing CRL there is one CRL of this CA (its
    /// issuer name matches and its signature verifies) whose CRL number can grow.
    /// </summary>
    /// <exception cref="CodeSignException">
    /// <c>IssuerPrivateKeyMissing</c>, <c>IssuerNotCertificateAuthority</c>, <c>OutputFolderNotFound</c>,
    /// <c>CrlUnreadable</c>, <c>CrlFileTooLarge</c>, <c>CrlFileHasSeveralCrls</c>, <c>CrlIssuerMismatch</c>
    /// when the existing CRL belongs to another CA, or <c>CrlNumberOutOfRange</c>.
    /// </exception>
    public static CrlIssuer Open(X509Certificate2 issuer, string crlPath)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentException.ThrowIfNullOrEmpty(crlPath);
        string fullPath = Path.GetFullPath(crlPath);
        CheckIssuer(issuer);
        if (!File.Exists(fullPath))
        {
            CheckFolder(fullPath);
            return new CrlIssuer(issuer, fullPath, fullPath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase), null);
        }

        CertificateRevocationList current = LoadSingle(fullPath);
        string? mismatch = !IssuerNames.AreEqual(current.Issuer, issuer.SubjectName)
            ? $"it was issued by '{current.Issuer.Name}'"
            : current.VerifySignature(issuer);
        if (mismatch is not null)
        {
            throw new CodeSignException("CrlIssuerMismatch", FailureCategory.InvalidData,
                $"The CRL '{fullPath}' does not belong to the CA '{issuer.Subject}': {mismatch}. Give the CRL path of this CA, or a new path to start a CRL.", fullPath);
        }

        CheckNextCrlNumber(current, fullPath);
        return new CrlIssuer(issuer, fullPath, IsPemFile(fullPath, current), current);
    }

    /// <summary>
    /// Checks that this CA issued <paramref name="certificate"/>: the names, the key identifiers when
    /// both are present, and the certificate's signature with the CA's public key.
    /// </summary>
    /// <exception cref="CodeSignException"><c>CertificateNotIssuedByIssuer</c> naming the certificate.</exception>
    public void CheckIssued(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (CrlIssuedCertificateCheck.WhyNotIssued(certificate, _issuer) is { } reason)
        {
            throw new CodeSignException("CertificateNotIssuedByIssuer", FailureCategory.InvalidArgument,
                $"The certificate '{certificate.Subject}' (thumbprint {certificate.Thumbprint}) was not issued by the CA '{_issuer.Subject}' (thumbprint {_issuer.Thumbprint}): {reason}. " +
                $"The CRL '{_crlPath}' was left unchanged; give the certificate's own CA with -Issuer.", certificate.Thumbprint);
        }
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
        CertificateRevocationListBuilder builder = Current is null
            ? new CertificateRevocationListBuilder()
            : CertificateRevocationListBuilder.Load(Current.RawData.ToArray(), out currentNumber);
        builder.AddEntry(serial, revocationTime.ToUniversalTime(), reason);

        DateTimeOffset thisUpdate = (now ?? DateTimeOffset.UtcNow).ToUniversalTime();
        byte[] der = builder.Build(_issuer, currentNumber + 1, thisUpdate + nextUpdateAfter, SignatureHash(_issuer), RsaPadding(_issuer), thisUpdate);
        CheckFolder(_crlPath);
        AtomicFileWriter.CreateOrReplace(_crlPath, _writesPem ? System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", der) + "\n") : der);
        return CertificateRevocationList.Decode(der);
    }

    // A file of several CRLs is refused rather than rebuilt: it is a bundle, perhaps of several CAs,
    // made for verifiers, and rebuilding it from one block would drop the others' entries. A CA's own
    // CRL file, as this class and openssl ca -gencrl write it, contains one CRL.
    private static CertificateRevocationList LoadSingle(string path)
    {
        IReadOnlyList<CertificateRevocationList> crls = CrlFileLoader.LoadAll(path);
        if (crls.Count != 1)
        {
            throw new CodeSignException("CrlFileHasSeveralCrls", FailureCategory.InvalidData,
                $"The CRL file '{path}' contains {crls.Count} CRLs, but a CA's CRL file contains one; it was left unchanged. " +
                "Give the path of the CA's own CRL file, or keep only the CA's newest CRL in this file.", path);
        }

        return crls[0];
    }

    // The file is rewritten in the encoding it has: PEM when its bytes are not the CRL's DER.
    private static bool IsPemFile(string path, CertificateRevocationList current)
        => !File.ReadAllBytes(path).AsSpan().SequenceEqual(current.RawData.Span);

    // CRLNumber ::= INTEGER (0..MAX), and CAs "MUST NOT use CRLNumber values longer than 20 octets"
    // (RFC 5280 §5.2.3). A number out of that range means the file was not written by a conforming CA,
    // and its next number could be rejected by verifiers or break the rule that numbers only grow.
    private static void CheckNextCrlNumber(CertificateRevocationList current, string path)
    {
        if (current.CrlNumber is not { } number)
        {
            return;
        }

        string? problem = number.Sign < 0 ? "is negative"
            : (number + 1).GetByteCount() > MaxCrlNumberOctets ? $"leaves no next number within {MaxCrlNumberOctets} octets"
            : null;
        if (problem is not null)
        {
            throw new CodeSignException("CrlNumberOutOfRange", FailureCategory.InvalidData,
                $"The CRL '{path}' has CRL number {number}, which {problem}; RFC 5280 allows 0 up to 20 octets. It was left unchanged; " +
                "the CA's CRL numbering needs repair by its operator before another revocation can be added.", path);
        }
    }

    private static void CheckFolder(string path)
    {
        string folder = Path.GetDirectoryName(path) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new CodeSignException("OutputFolderNotFound", FailureCategory.ObjectNotFound,
                $"The folder '{folder}' of the CRL '{path}' does not exist, so no CRL was written. Create the folder or give another -CrlPath.", path);
        }
    }

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
