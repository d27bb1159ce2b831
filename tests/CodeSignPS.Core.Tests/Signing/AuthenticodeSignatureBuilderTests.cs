using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.TestSupport;

namespace CodeSignPS.Core.Tests.Signing;

public sealed class AuthenticodeSignatureBuilderTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create("Builder");

    public void Dispose() => _pki.Dispose();

    private static byte[] SampleIndirectData()
    {
        AsnWriter writer = new(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.3.6.1.4.1.311.2.1.30");
            writer.WriteOctetString(RandomNumberGenerator.GetBytes(32));
        }

        return writer.Encode();
    }

    // ---- PKCS#7 shape that Authenticode readers expect ----

    [Fact]
    public void Build_Always_WritesVersionOneWithContentInPlace()
    {
        byte[] indirectData = SampleIndirectData();
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate, _pki.Root);

        byte[] signature = AuthenticodeSignatureBuilder.Build(indirectData, key, HashAlgorithmName.SHA256, ChainInclusion.NotRoot);

        AsnReader signedData = new AsnReader(signature, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal("1.2.840.113549.1.7.2", signedData.ReadObjectIdentifier());
        AsnReader body = signedData.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)).ReadSequence();
        Assert.Equal(1, (int)body.ReadInteger());
        body.ReadSetOf();
        AsnReader contentInfo = body.ReadSequence();
        Assert.Equal("1.3.6.1.4.1.311.2.1.4", contentInfo.ReadObjectIdentifier());
        ReadOnlyMemory<byte> content = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)).ReadEncodedValue();
        Assert.Equal(indirectData, content.ToArray());
    }

    [Fact]
    public void Build_Always_DigestsValueOctetsAndVerifies()
    {
        byte[] indirectData = SampleIndirectData();
        using RecordingSigningKey key = new(_pki.Leaf);

        byte[] signature = AuthenticodeSignatureBuilder.Build(indirectData, key, HashAlgorithmName.SHA384, ChainInclusion.Signer);

        SignedCms cms = new();
        cms.Decode(signature);
        cms.CheckSignature(verifySignatureOnly: true);
        byte[] messageDigest = FindAttribute(cms.SignerInfos[0], "1.2.840.113549.1.9.4");
        byte[] expected = SHA384.HashData(indirectData.AsSpan(2));
        Assert.Equal(expected, new AsnReader(messageDigest, AsnEncodingRules.DER).ReadOctetString());
        Assert.Equal("2.16.840.1.101.3.4.2.2", cms.SignerInfos[0].DigestAlgorithm.Value);
    }

    [Fact]
    public void Build_Always_AddsOpusInfoAndStatementType()
    {
        using RecordingSigningKey key = new(_pki.Leaf);

        byte[] signature = AuthenticodeSignatureBuilder.Build(SampleIndirectData(), key, HashAlgorithmName.SHA256, ChainInclusion.Signer);

        SignedCms cms = new();
        cms.Decode(signature);
        Assert.Equal(new byte[] { 0x30, 0x00 }, FindAttribute(cms.SignerInfos[0], "1.3.6.1.4.1.311.2.1.12"));
        Assert.Equal(Convert.FromHexString("300C060A2B0601040182370201 15".Replace(" ", "")), FindAttribute(cms.SignerInfos[0], "1.3.6.1.4.1.311.2.1.11"));
    }

    [Fact]
    public void Build_EcdsaKey_Verifies()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSignedEcdsa();
        using RecordingSigningKey key = new(certificate);

        byte[] signature = AuthenticodeSignatureBuilder.Build(SampleIndirectData(), key, HashAlgorithmName.SHA256, ChainInclusion.Signer);

        SignedCms cms = new();
        cms.Decode(signature);
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Equal(1, key.Calls);
    }

    // ---- which certificates go in ----

    [Theory]
    [InlineData(ChainInclusion.Signer, 1)]
    [InlineData(ChainInclusion.NotRoot, 2)]
    [InlineData(ChainInclusion.All, 3)]
    public void Build_ChainInclusion_EmbedsExpectedCertificates(ChainInclusion inclusion, int expectedCount)
    {
        using RecordingSigningKey key = new(_pki.Leaf, _pki.Intermediate, _pki.Root);

        byte[] signature = AuthenticodeSignatureBuilder.Build(SampleIndirectData(), key, HashAlgorithmName.SHA256, inclusion);

        SignedCms cms = new();
        cms.Decode(signature);
        Assert.Equal(expectedCount, cms.Certificates.Count);
        Assert.Contains(cms.Certificates, c => c.Thumbprint == _pki.Leaf.Thumbprint);
        Assert.Equal(inclusion == ChainInclusion.All, cms.Certificates.Any(c => c.Thumbprint == _pki.Root.Thumbprint));
    }

    // ---- the key abstraction ----

    [Fact]
    public void Build_Always_SignsThroughTheKeyOnce()
    {
        using RecordingSigningKey key = new(_pki.Leaf);

        AuthenticodeSignatureBuilder.Build(SampleIndirectData(), key, HashAlgorithmName.SHA256, ChainInclusion.Signer);

        Assert.Equal(1, key.Calls);
    }

    [Fact]
    public void Build_KeyThrows_PropagatesTheFailure()
    {
        using RecordingSigningKey key = new(_pki.Leaf) { FailWith = new CryptographicException("token removed") };

        CryptographicException ex = Assert.Throws<CryptographicException>(
            () => AuthenticodeSignatureBuilder.Build(SampleIndirectData(), key, HashAlgorithmName.SHA256, ChainInclusion.Signer));

        Assert.Contains("token removed", ex.ToString());
    }

    private static byte[] FindAttribute(SignerInfo signer, string oid)
    {
        foreach (CryptographicAttributeObject attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value == oid)
            {
                return attribute.Values[0].RawData;
            }
        }

        throw new Xunit.Sdk.XunitException($"The signed attribute {oid} is missing.");
    }
}
