using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Revocation;

/// <summary>
/// The revocation URLs a certificate names for itself: CRL distribution points and OCSP
/// responders. Only http URLs are returned for fetching; the others are listed with the reason
/// they are ignored.
/// </summary>
public sealed class RevocationUrls
{
    private const string CrlDistributionPointsOid = "2.5.29.31";
    private const string AuthorityInformationAccessOid = "1.3.6.1.5.5.7.1.1";

    private RevocationUrls(IReadOnlyList<Uri> crlUrls, IReadOnlyList<Uri> ocspUrls, IReadOnlyList<string> ignored)
    {
        CrlUrls = crlUrls;
        OcspUrls = ocspUrls;
        Ignored = ignored;
    }

    /// <summary>http URLs of the certificate's CRL distribution points, in the certificate's order.</summary>
    public IReadOnlyList<Uri> CrlUrls { get; }

    /// <summary>http URLs of the certificate's OCSP responders, in the certificate's order.</summary>
    public IReadOnlyList<Uri> OcspUrls { get; }

    /// <summary>URLs that are not fetched (ldap, file, https, malformed), each with the reason.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>Reads the CRL distribution points and authority information access extensions of <paramref name="certificate"/>.</summary>
    public static RevocationUrls Read(X509Certificate2 certificate)
    {
        List<Uri> crl = new();
        List<Uri> ocsp = new();
        List<string> ignored = new();

        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == CrlDistributionPointsOid)
            {
                Sort(ReadDistributionPoints(extension.RawData, ignored), crl, ignored, "CRL distribution point");
            }
            else if (extension.Oid?.Value == AuthorityInformationAccessOid)
            {
                var access = new X509AuthorityInformationAccessExtension(extension.RawData, extension.Critical);
                Sort(ReadOcspUris(access, ignored), ocsp, ignored, "OCSP responder");
            }
        }

        return new RevocationUrls(crl, ocsp, ignored);
    }

    private static IEnumerable<string> ReadOcspUris(X509AuthorityInformationAccessExtension access, List<string> ignored)
    {
        try
        {
            return access.EnumerateOcspUris().ToList();
        }
        catch (Exception ex) when (ex is AsnContentException or System.Security.Cryptography.CryptographicException)
        {
            ignored.Add($"The authority information access extension is malformed ({ex.Message}).");
            return Array.Empty<string>();
        }
    }

    private static void Sort(IEnumerable<string> urls, List<Uri> usable, List<string> ignored, string kind)
    {
        foreach (string text in urls)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url))
            {
                ignored.Add($"The {kind} '{text}' is not a valid URL.");
            }
            else if (!RevocationHttp.IsFetchable(url))
            {
                ignored.Add($"The {kind} '{text}' uses {url.Scheme}:, which is not fetched; only http URLs are.");
            }
            else if (!usable.Contains(url))
            {
                usable.Add(url);
            }
        }
    }

    // RFC 5280 §4.2.1.13:
    //
    //   CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
    //   DistributionPoint ::= SEQUENCE {
    //        distributionPoint       [0]     DistributionPointName OPTIONAL,
    //        reasons                 [1]     ReasonFlags OPTIONAL,
    //        cRLIssuer               [2]     GeneralNames OPTIONAL }
    //   DistributionPointName ::= CHOICE {
    //        fullName                [0]     GeneralNames,
    //        nameRelativeToCRLIssuer [1]     RelativeDistinguishedName }
    //
    // GeneralNames is a SEQUENCE OF GeneralName; a URL is uniformResourceIdentifier [6] IA5String.
    // The module is IMPLICIT, so fullName's tag replaces the SEQUENCE tag of GeneralNames.
    private static List<string> ReadDistributionPoints(byte[] extensionValue, List<string> ignored)
    {
        List<string> urls = new();
        try
        {
            AsnReader points = new AsnReader(extensionValue, AsnEncodingRules.DER).ReadSequence();
            while (points.HasData)
            {
                AsnReader point = points.ReadSequence();
                Asn1Tag nameTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
                if (!point.HasData || !point.PeekTag().HasSameClassAndValue(nameTag))
                {
                    continue;
                }

                AsnReader name = point.ReadSequence(nameTag);
                if (!name.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    ignored.Add("A CRL distribution point is named relative to the CRL issuer, which gives no URL.");
                    continue;
                }

                AsnReader fullName = name.ReadSequence(nameTag);
                while (fullName.HasData)
                {
                    Asn1Tag tag = fullName.PeekTag();
                    if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 6)))
                    {
                        urls.Add(fullName.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
                    }
                    else
                    {
                        fullName.ReadEncodedValue();
                    }
                }
            }
        }
        catch (AsnContentException ex)
        {
            ignored.Add($"The CRL distribution points extension is malformed ({ex.Message}).");
        }

        return urls;
    }
}
