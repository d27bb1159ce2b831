using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Tests.Trust;

namespace CodeSignPS.Core.Tests.Policy.Match;

/// <summary>Mints roots and code signing leaves with chosen names and certificate policies, for publisher tests.</summary>
internal static class MatchPki
{
    public const string EvOid = "2.23.140.1.3";
    public const string OvOid = "2.23.140.1.4.1";

    public static X509Certificate2 Root(string subject = "CN=Match Test Root") => TestPki.CreateSelfSigned(subject);

    /// <summary>A code signing leaf issued by <paramref name="root"/>, valid at <see cref="TestPki.ValidTime"/>.</summary>
    public static X509Certificate2 Leaf(X509Certificate2 root, string subject = "CN=Match Test Signer, O=Contoso Ltd", params string[] policyOids)
    {
        X509Extension[] extensions = policyOids.Length == 0 ? [] : [Policies(policyOids)];
        return TestPki.Issue(root, subject, false, [TestPki.CodeSigning], TestPki.LeafNotBefore, TestPki.LeafNotAfter, extensions);
    }

    /// <summary>A leaf whose subject is given as DER, for names that the string form cannot express.</summary>
    public static X509Certificate2 Leaf(X509Certificate2 root, X500DistinguishedName subject)
        => Leaf(root, subject.Name);

    // RFC 5280, section 4.2.1.4: certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation,
    // PolicyInformation ::= SEQUENCE { policyIdentifier CertPolicyId, policyQualifiers ... OPTIONAL }.
    public static X509Extension Policies(params string[] policyOids)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (string oid in policyOids)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(oid);
                }
            }
        }

        return new X509Extension("2.5.29.32", writer.Encode(), false);
    }

    /// <summary>A name written attribute by attribute, each inner array one RDN (several entries make a multi-valued RDN).</summary>
    public static X500DistinguishedName Name(params (string Oid, string Value)[][] rdns)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach ((string Oid, string Value)[] rdn in rdns)
            {
                using (writer.PushSetOf())
                {
                    foreach ((string oid, string value) in rdn)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
                        }
                    }
                }
            }
        }

        return new X500DistinguishedName(writer.Encode());
    }
}
