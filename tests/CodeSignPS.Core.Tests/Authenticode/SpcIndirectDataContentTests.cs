using System.Formats.Asn1;
using System.Security.Cryptography;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Tests.Authenticode;

public sealed class SpcIndirectDataContentTests
{
    private static readonly byte[] Sha256Digest = SHA256.HashData("digest input"u8);

    // ---- round trips ----

    [Theory]
    [InlineData("SHA256", 32)]
    [InlineData("SHA384", 48)]
    [InlineData("SHA512", 64)]
    [InlineData("SHA1", 20)]
    public void Decode_EncodedContent_ReturnsSameFields(string algorithm, int digestLength)
    {
        var hashAlgorithm = new HashAlgorithmName(algorithm);
        byte[] digest = RandomNumberGenerator.GetBytes(digestLength);
        byte[] sipInfo = SpcSipInfo.EncodePowerShell();

        byte[] encoded = SpcIndirectDataContent.Encode(AuthenticodeOids.SpcSipInfo, sipInfo, hashAlgorithm, digest);
        SpcIndirectDataContent decoded = SpcIndirectDataContent.Decode(encoded);

        Assert.Equal(AuthenticodeOids.SpcSipInfo, decoded.DataTypeOid);
        Assert.Equal(sipInfo, decoded.EncodedValue);
        Assert.Equal(AuthenticodeOids.GetDigestOid(hashAlgorithm), decoded.DigestAlgorithmOid);
        Assert.Equal(hashAlgorithm, decoded.HashAlgorithm);
        Assert.Equal(digest, decoded.Digest);
    }

    [Fact]
    public void Encode_EmptyValue_LeavesValueOut()
    {
        byte[] encoded = SpcIndirectDataContent.Encode(AuthenticodeOids.SpcPeImageData, [], HashAlgorithmName.SHA256, Sha256Digest);

        SpcIndirectDataContent decoded = SpcIndirectDataContent.Decode(encoded);

        Assert.Null(decoded.EncodedValue);
    }

    [Fact]
    public void Encode_PowerShellSha256_MatchesWindowsLayout()
    {
        // Prefix of the indirect data in Microsoft's signed Diagnostics.format.ps1xml up to the digest.
        const string expectedPrefix =
            "3069" + "3034" + "060A2B06010401823702011E" + "3026" + "020301000004101FCC3B60594B084EB724D2C6297EF351"
            + "020100020100020100020100020100" + "3031" + "300D060960864801650304020105000420";

        byte[] encoded = SpcIndirectDataContent.Encode(
            AuthenticodeOids.SpcSipInfo, SpcSipInfo.EncodePowerShell(), HashAlgorithmName.SHA256, Sha256Digest);

        Assert.Equal(expectedPrefix + Convert.ToHexString(Sha256Digest), Convert.ToHexString(encoded));
    }

    // ---- invalid arguments ----

    [Theory]
    [InlineData("SHA256", 20)]
    [InlineData("SHA384", 32)]
    [InlineData("SHA512", 0)]
    public void Encode_DigestLengthMismatch_ThrowsArgumentException(string algorithm, int digestLength)
    {
        Assert.Throws<ArgumentException>(() => SpcIndirectDataContent.Encode(
            AuthenticodeOids.SpcSipInfo, [], new HashAlgorithmName(algorithm), new byte[digestLength]));
    }

    [Fact]
    public void Encode_UnknownAlgorithm_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => SpcIndirectDataContent.Encode(
            AuthenticodeOids.SpcSipInfo, [], new HashAlgorithmName("SHA3-256"), new byte[32]));
    }

    // ---- malformed DER ----

    public static TheoryData<string, string> MalformedEncodings()
    {
        string valid = Convert.ToHexString(SpcIndirectDataContent.Encode(
            AuthenticodeOids.SpcSipInfo, SpcSipInfo.EncodePowerShell(), HashAlgorithmName.SHA256, Sha256Digest));
        return new TheoryData<string, string>
        {
            { "empty", "" },
            { "truncated by one byte", valid[..^2] },
            { "truncated to the header", valid[..4] },
            { "trailing byte", valid + "00" },
            { "inflated outer length", "3082FFFF" + valid[4..] },
            { "indefinite length (BER, not DER)", "3080" + valid[4..] + "0000" },
            { "SET instead of SEQUENCE", "31" + valid[2..] },
            { "digest is an INTEGER", valid[..^68] + "0220" + valid[^64..] },
            { "algorithm parameters not NULL", valid.Replace("300D06096086480165030402010500", "300E0609608648016503040201020100") },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedEncodings))]
    public void Decode_MalformedDer_ThrowsMalformedSignatureException(string description, string hex)
    {
        var exception = Assert.Throws<MalformedSignatureException>(() => SpcIndirectDataContent.Decode(Convert.FromHexString(hex)));

        Assert.Equal("MalformedSignature", exception.ErrorId);
        Assert.False(string.IsNullOrEmpty(description));
    }

    [Fact]
    public void Decode_DigestShorterThanAlgorithm_ThrowsMalformedSignatureException()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence();
        writer.PushSequence();
        writer.WriteObjectIdentifier(AuthenticodeOids.SpcSipInfo);
        writer.PopSequence();
        writer.PushSequence();
        writer.PushSequence();
        writer.WriteObjectIdentifier(AuthenticodeOids.Sha256);
        writer.WriteNull();
        writer.PopSequence();
        writer.WriteOctetString(new byte[31]);
        writer.PopSequence();
        writer.PopSequence();

        var exception = Assert.Throws<MalformedSignatureException>(() => SpcIndirectDataContent.Decode(writer.Encode()));

        Assert.Contains("31 bytes", exception.Message);
    }

    [Fact]
    public void Decode_UnknownDigestOid_ReturnsNullHashAlgorithm()
    {
        string valid = Convert.ToHexString(SpcIndirectDataContent.Encode(
            AuthenticodeOids.SpcSipInfo, [], HashAlgorithmName.SHA256, Sha256Digest));

        // 2.16.840.1.101.3.4.2.8 is SHA3-256, which Authenticode does not use.
        SpcIndirectDataContent decoded = SpcIndirectDataContent.Decode(Convert.FromHexString(valid.Replace("608648016503040201", "608648016503040208")));

        Assert.Null(decoded.HashAlgorithm);
        Assert.Equal("2.16.840.1.101.3.4.2.8", decoded.DigestAlgorithmOid);
    }
}
