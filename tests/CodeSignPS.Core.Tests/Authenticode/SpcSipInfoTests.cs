using System.Formats.Asn1;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Tests.Authenticode;

public sealed class SpcSipInfoTests
{
    [Fact]
    public void EncodePowerShell_Always_MatchesWindowsBytes()
    {
        // The SpcSipInfo inside every PowerShell script signature of the PowerShell package.
        const string expected = "3026020301000004101FCC3B60594B084EB724D2C6297EF351020100020100020100020100020100";

        Assert.Equal(expected, Convert.ToHexString(SpcSipInfo.EncodePowerShell()));
    }

    [Fact]
    public void Decode_PowerShellEncoding_ReturnsVersionGuidAndZeroReserved()
    {
        SpcSipInfo decoded = SpcSipInfo.Decode(SpcSipInfo.EncodePowerShell());

        Assert.Equal(0x10000, decoded.Version);
        Assert.Equal(new Guid("603bcc1f-4b59-4e08-b724-d2c6297ef351"), decoded.SipGuid);
        Assert.Equal([0, 0, 0, 0, 0], decoded.Reserved);
    }

    [Theory]
    [InlineData("3026020301000004101FCC3B60594B084EB724D2C6297EF3510201000201000201000201")]
    [InlineData("3025020301000004101FCC3B60594B084EB724D2C6297EF351020100020100020100020100")]
    [InlineData("3026020301000004111FCC3B60594B084EB724D2C6297EF35100020100020100020100020100")]
    [InlineData("3026020301000004101FCC3B60594B084EB724D2C6297EF35102010002010002010002010002010000")]
    public void Decode_MalformedDer_ThrowsMalformedSignatureException(string hex)
    {
        Assert.Throws<MalformedSignatureException>(() => SpcSipInfo.Decode(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Decode_VersionWiderThan32Bits_ThrowsMalformedSignatureException()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence();
        writer.WriteInteger(long.MaxValue);
        writer.WriteOctetString(SpcSipInfo.PowerShellSipGuid.ToByteArray());
        for (int i = 0; i < 5; i++)
        {
            writer.WriteInteger(0);
        }

        writer.PopSequence();

        var exception = Assert.Throws<MalformedSignatureException>(() => SpcSipInfo.Decode(writer.Encode()));

        Assert.Contains("dwSIPversion", exception.Message);
    }
}
