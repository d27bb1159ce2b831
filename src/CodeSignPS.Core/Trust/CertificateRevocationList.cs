using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CodeSignPS.Core.Trust;

/// <summary>A decoded X.509 v2 CRL: who issued it, the time it covers, and the certificates it lists.</summary>
/// <remarks>
/// Decoded by hand because .NET reads a CRL only to rebuild it (CertificateRevocationListBuilder.Load)
/// and exposes neither the entries' reasons nor the signature. Verify the signature with
/// <see cref="VerifySignature"/> before trusting anything else here.
/// </remarks>
public sealed class CertificateRevocationList
{
    private const string CrlNumberOid = "2.5.29.20";
    private const string DeltaCrlIndicatorOid = "2.5.29.27";
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";
    private const string ReasonCodeOid = "2.5.29.21";
    private const string PemLabel = "X509 CRL";
    private const string PemHeader = "-----BEGIN X509 CRL-----";

    // RFC 5280 §5.1:
    //   CertificateList  ::=  SEQUENCE  {
    //        tbsCertList          TBSCertList,
    //        signatureAlgorithm   AlgorithmIdentifier,
    //        signatureValue       BIT STRING  }
    //
    //   TBSCertList  ::=  SEQUENCE  {
    //        version                 Version OPTIONAL,
    //                                     -- if present, MUST be v2
    //        signature               AlgorithmIdentifier,
    //        issuer                  Name,
    //        thisUpdate              Time,
    //        nextUpdate              Time OPTIONAL,
    //        revokedCertificates     SEQUENCE OF SEQUENCE  {
    //             userCertificate         CertificateSerialNumber,
    //             revocationDate          Time,
    //             crlEntryExtensions      Extensions OPTIONAL
    //                                      -- if present, version MUST be v2
    //                                  }  OPTIONAL,
    //        crlExtensions           [0]  EXPLICIT Extensions OPTIONAL
    //                                      -- if present, version MUST be v2
    //                                  }
    //
    //   Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }
    //   Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    //   CRLReason ::= ENUMERATED { unspecified (0), keyCompromise (1), ... }    -- §5.3.1

    private CertificateRevocationList() { }

    public required X500DistinguishedName Issuer { get; init; }

    /// <summary>When the CRL was issued, in UTC.</summary>
    public DateTimeOffset ThisUpdate { get; init; }

    /// <summary>When the next CRL is due, in UTC; null when the CRL gives no date.</summary>
    public DateTimeOffset? NextUpdate { get; init; }

    /// <summary>The cRLNumber extension; null when absent.</summary>
    public BigInteger? CrlNumber { get; init; }

    /// <summary>Whether this is a delta CRL, which lists only changes since a base CRL.</summary>
    public bool IsDelta { get; init; }

    /// <summary>The authority key identifier's keyIdentifier as hex; null when absent.</summary>
    public string? AuthorityKeyIdentifier { get; init; }

    /// <summary>
    /// The OID of a critical CRL or entry extension this decoder does not understand (for example an
    /// issuing distribution point, which may narrow what the CRL covers). RFC 5280 §5.2 forbids using
    /// such a CRL to decide revocation.
    /// </summary>
    public string? UnknownCriticalExtension { get; init; }

    public IReadOnlyList<RevokedCertificateEntry> Entries { get; init; } = Array.Empty<RevokedCertificateEntry>();

    /// <summary>The outer signatureAlgorithm's OID, for example 1.2.840.113549.1.1.11 (sha256WithRSAEncryption).</summary>
    public required string SignatureAlgorithmOid { get; init; }

    /// <summary>The DER parameters of the signature algorithm; null when absent.</summary>
    public ReadOnlyMemory<byte>? SignatureAlgorithmParameters { get; init; }

    /// <summary>The signed bytes: the whole DER TBSCertList.</summary>
    public ReadOnlyMemory<byte> TbsCertList { get; init; }

    public ReadOnlyMemory<byte> SignatureValue { get; init; }

    /// <summary>The DER encoding of the whole CRL.</summary>
    public ReadOnlyMemory<byte> RawData { get; init; }

    /// <summary>Returns the entry listing <paramref name="certificate"/>'s serial number, or null.</summary>
    public RevokedCertificateEntry? FindEntry(X509Certificate2 certificate) => Entries.FirstOrDefault(entry => entry.Lists(certificate));

    /// <summary>
    /// Verifies the CRL's signature with <paramref name="issuer"/>'s public key. Returns null when it
    /// verifies, otherwise why not (wrong key, unsupported algorithm).
    /// </summary>
    public string? VerifySignature(X509Certificate2 issuer) => CrlSignature.Verify(this, issuer);

    /// <summary>
    /// Decodes data that contains exactly one CRL, DER or PEM ("-----BEGIN X509 CRL-----"); throws
    /// <see cref="AsnContentException"/> or <see cref="FormatException"/> when it is malformed or contains
    /// several CRLs, which <see cref="DecodeAll"/> reads.
    /// </summary>
    public static CertificateRevocationList Decode(byte[] encoded)
    {
        IReadOnlyList<CertificateRevocationList> crls = DecodeAll(encoded);
        return crls.Count == 1
            ? crls[0]
            : throw new FormatException($"Expected one CRL, but the data contains {crls.Count} X509 CRL blocks.");
    }

    /// <summary>
    /// Decodes every CRL in a DER CRL or a PEM text: each "X509 CRL" block, in file order, as openssl
    /// does for a -CRLfile bundle. Blocks with other labels, such as certificates kept next to the
    /// CRLs, are skipped. Throws <see cref="AsnContentException"/> or <see cref="FormatException"/> when
    /// any CRL is malformed or a PEM text contains none.
    /// </summary>
    public static IReadOnlyList<CertificateRevocationList> DecodeAll(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return IsPem(encoded) ? FromPem(encoded).Select(DecodeDer).ToArray() : [DecodeDer(encoded)];
    }

    private static bool IsPem(byte[] encoded)
        => encoded.Length > 0 && encoded[0] != 0x30 && Encoding.ASCII.GetString(encoded).Contains(PemHeader, StringComparison.Ordinal);

    private static List<byte[]> FromPem(byte[] encoded)
    {
        string text = Encoding.ASCII.GetString(encoded);
        var blocks = new List<byte[]>();
        ReadOnlySpan<char> rest = text;
        while (PemEncoding.TryFind(rest, out PemFields fields))
        {
            if (rest[fields.Label].SequenceEqual(PemLabel))
            {
                blocks.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            }

            rest = rest[fields.Location.End..];
        }

        // PemEncoding.TryFind skips a block it cannot parse, so a damaged CRL block would otherwise
        // vanish from a bundle without a word.
        int headers = CountOccurrences(text, PemHeader);
        if (blocks.Count == 0 || blocks.Count != headers)
        {
            throw new FormatException($"Expected {headers} well-formed PEM blocks labelled {PemLabel}, but {blocks.Count} could be read.");
        }

        return blocks;
    }

    private static int CountOccurrences(string text, string value)
    {
        int count = 0;
        for (int index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static CertificateRevocationList DecodeDer(byte[] der)
    {
        AsnReader outer = new(der, AsnEncodingRules.DER);
        ReadOnlyMemory<byte> whole = outer.PeekEncodedValue();
        AsnReader certificateList = outer.ReadSequence();
        outer.ThrowIfNotEmpty();

        ReadOnlyMemory<byte> tbs = certificateList.ReadEncodedValue();
        AsnReader algorithm = certificateList.ReadSequence();
        string algorithmOid = algorithm.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : null;
        algorithm.ThrowIfNotEmpty();
        byte[] signature = certificateList.ReadBitString(out int unusedBits);
        certificateList.ThrowIfNotEmpty();
        if (unusedBits != 0)
        {
            throw new AsnContentException("The CRL's signatureValue has unused bits.");
        }

        TbsFields fields = ReadTbsCertList(tbs);
        return new CertificateRevocationList
        {
            Issuer = fields.Issuer,
            ThisUpdate = fields.ThisUpdate,
            NextUpdate = fields.NextUpdate,
            CrlNumber = fields.Extensions.CrlNumber,
            IsDelta = fields.Extensions.IsDelta,
            AuthorityKeyIdentifier = fields.Extensions.AuthorityKeyIdentifier,
            UnknownCriticalExtension = fields.Extensions.UnknownCritical ?? fields.UnknownCriticalEntryExtension,
            Entries = fields.Entries,
            SignatureAlgorithmOid = algorithmOid,
            SignatureAlgorithmParameters = parameters,
            TbsCertList = tbs,
            SignatureValue = signature,
            RawData = whole.ToArray(),
        };
    }

    private static TbsFields ReadTbsCertList(ReadOnlyMemory<byte> tbs)
    {
        AsnReader wrapper = new(tbs, AsnEncodingRules.DER);
        AsnReader reader = wrapper.ReadSequence();
        if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.Integer) && !reader.ReadInteger().IsOne)
        {
            throw new AsnContentException("The CRL's version is not v2 (1).");
        }

        reader.ReadSequence();
        var issuer = new X500DistinguishedName(reader.ReadEncodedValue().Span);
        DateTimeOffset thisUpdate = ReadTime(reader);
        DateTimeOffset? nextUpdate = reader.HasData && IsTime(reader.PeekTag()) ? ReadTime(reader) : null;

        var entries = new List<RevokedCertificateEntry>();
        string? unknownEntryExtension = null;
        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            AsnReader revoked = reader.ReadSequence();
            while (revoked.HasData)
            {
                entries.Add(ReadEntry(revoked.ReadSequence(), ref unknownEntryExtension));
            }
        }

        CrlExtensions extensions = default;
        if (reader.HasData)
        {
            AsnReader explicitExtensions = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            extensions = ReadCrlExtensions(explicitExtensions.ReadSequence());
            explicitExtensions.ThrowIfNotEmpty();
        }

        reader.ThrowIfNotEmpty();
        return new TbsFields(issuer, thisUpdate, nextUpdate, entries, extensions, unknownEntryExtension);
    }

    private static RevokedCertificateEntry ReadEntry(AsnReader entry, ref string? unknownCritical)
    {
        string serial = Convert.ToHexString(entry.ReadIntegerBytes().Span);
        DateTimeOffset revocationDate = ReadTime(entry);
        X509RevocationReason? reason = null;
        if (entry.HasData)
        {
            AsnReader extensions = entry.ReadSequence();
            while (extensions.HasData)
            {
                (string oid, bool critical, byte[] value) = ReadExtension(extensions);
                if (oid == ReasonCodeOid)
                {
                    reason = (X509RevocationReason)(int)new BigInteger(new AsnReader(value, AsnEncodingRules.DER).ReadEnumeratedBytes().Span, isUnsigned: false, isBigEndian: true);
                }
                else if (critical)
                {
                    // The certificateIssuer entry extension of an indirect CRL lands here too.
                    unknownCritical ??= oid;
                }
            }
        }

        entry.ThrowIfNotEmpty();
        return new RevokedCertificateEntry(RevokedCertificateEntry.NormalizeSerialNumber(serial), revocationDate, reason);
    }

    private static CrlExtensions ReadCrlExtensions(AsnReader extensions)
    {
        CrlExtensions found = default;
        while (extensions.HasData)
        {
            (string oid, bool critical, byte[] value) = ReadExtension(extensions);
            switch (oid)
            {
                case CrlNumberOid:
                    found.CrlNumber = new AsnReader(value, AsnEncodingRules.DER).ReadInteger();
                    break;
                case DeltaCrlIndicatorOid:
                    found.IsDelta = true;
                    break;
                case AuthorityKeyIdentifierOid:
                    found.AuthorityKeyIdentifier = ReadKeyIdentifier(value);
                    break;
                default:
                    if (critical)
                    {
                        found.UnknownCritical ??= oid;
                    }

                    break;
            }
        }

        return found;
    }

    // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL, ... }  -- RFC 5280 §4.2.1.1
    private static string? ReadKeyIdentifier(byte[] value)
    {
        AsnReader sequence = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        Asn1Tag keyIdentifierTag = new(TagClass.ContextSpecific, 0);
        return sequence.HasData && sequence.PeekTag().HasSameClassAndValue(keyIdentifierTag)
            ? Convert.ToHexString(sequence.ReadOctetString(keyIdentifierTag))
            : null;
    }

    private static (string Oid, bool Critical, byte[] Value) ReadExtension(AsnReader extensions)
    {
        AsnReader extension = extensions.ReadSequence();
        string oid = extension.ReadObjectIdentifier();
        bool critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
        byte[] value = extension.ReadOctetString();
        extension.ThrowIfNotEmpty();
        return (oid, critical, value);
    }

    private static bool IsTime(Asn1Tag tag) => tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader)
        => reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();

    private struct CrlExtensions
    {
        public BigInteger? CrlNumber;
        public bool IsDelta;
        public string? AuthorityKeyIdentifier;
        public string? UnknownCritical;
    }

    private sealed record TbsFields(
        X500DistinguishedName Issuer,
        DateTimeOffset ThisUpdate,
        DateTimeOffset? NextUpdate,
        IReadOnlyList<RevokedCertificateEntry> Entries,
        CrlExtensions Extensions,
        string? UnknownCriticalEntryExtension);
}
