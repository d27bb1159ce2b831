using System.Formats.Asn1;
using System.Numerics;
using CodeSignPS.Core.Signing;

namespace CodeSignPS.Core.Tests.Detached;

/// <summary>The r || s to Ecdsa-Sig-Value conversion, including halves padded with zero bytes.</summary>
public sealed class EcdsaSignatureEncodingTests
{
    [Theory]
    [InlineData("00112233", "44556677")]
    [InlineData("0000AABB", "00000001")]
    [InlineData("80112233", "00FF0000")]
    [InlineData("00000000", "01020304")]
    public void EncodeEcdsaSignature_PaddedHalves_EncodesValues(string r, string s)
    {
        byte[] encoded = DetachedSignatureBuilder.EncodeEcdsaSignature(Convert.FromHexString(r + s));

        AsnReader sequence = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(Unsigned(r), sequence.ReadInteger());
        Assert.Equal(Unsigned(s), sequence.ReadInteger());
        Assert.False(sequence.HasData);
    }

    private static BigInteger Unsigned(string hex) => new(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);
}
