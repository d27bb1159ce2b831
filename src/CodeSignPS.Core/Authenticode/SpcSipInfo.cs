using System.Formats.Asn1;
using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Authenticode;

/// <summary>
/// The SIP information that the value of an SpcAttributeTypeAndOptionalValue of type
/// <see cref="AuthenticodeOids.SpcSipInfo"/> carries: which subject interface package (SIP) hashed
/// the file, so that Windows hands verification to the same SIP.
/// </summary>
public sealed class SpcSipInfo
{
    /// <summary>
    /// GUID of the PowerShell script SIP (pwrshsip.dll), which signs .ps1, .psm1, .psd1, .ps1xml,
    /// .psc1, .cdxml and .mof files.
    /// </summary>
    public static readonly Guid PowerShellSipGuid = new("603BCC1F-4B59-4E08-B724-D2C6297EF351");

    /// <summary>SIP version written by Windows in PowerShell script signatures: 0x00010000.</summary>
    public const int PowerShellSipVersion = 0x10000;

    private SpcSipInfo(int version, Guid sipGuid, IReadOnlyList<int> reserved)
    {
        Version = version;
        SipGuid = sipGuid;
        Reserved = reserved;
    }

    /// <summary>SIP version.</summary>
    public int Version { get; }

    /// <summary>GUID that identifies the SIP.</summary>
    public Guid SipGuid { get; }

    /// <summary>The five reserved integers, zero in every signature seen.</summary>
    public IReadOnlyList<int> Reserved { get; }

    // Microsoft publishes no ASN.1 module for this structure. Its members are those of the
    // SPC_SIGINFO structure in wintrust.h (dwSipVersion, gSIPGuid, dwReserved1 to dwReserved5), and
    // the encoding below is the one in every script signature of the PowerShell and Pester packages:
    //
    //   SpcSipInfo ::= SEQUENCE {
    //       dwSIPversion   INTEGER,        -- 65536 for PowerShell scripts
    //       gSIPguid       OCTET STRING,   -- 16 bytes, GUID in Windows' mixed-endian memory layout
    //       dwReserved1    INTEGER,        -- 0
    //       dwReserved2    INTEGER,        -- 0
    //       dwReserved3    INTEGER,        -- 0
    //       dwReserved4    INTEGER,        -- 0
    //       dwReserved5    INTEGER         -- 0
    //   }

    /// <summary>Encodes the SpcSipInfo of the PowerShell script SIP as DER.</summary>
    public static byte[] EncodePowerShell() => Encode(PowerShellSipVersion, PowerShellSipGuid);

    /// <summary>Encodes an SpcSipInfo with zero reserved fields as DER.</summary>
    public static byte[] Encode(int version, Guid sipGuid)
    {
        Span<byte> guidBytes = stackalloc byte[16];
        sipGuid.TryWriteBytes(guidBytes);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence();
        writer.WriteInteger(version);
        writer.WriteOctetString(guidBytes);
        for (int i = 0; i < 5; i++)
        {
            writer.WriteInteger(0);
        }

        writer.PopSequence();
        return writer.Encode();
    }

    /// <summary>Decodes a DER SpcSipInfo.</summary>
    /// <exception cref="MalformedSignatureException">The bytes are not one DER SpcSipInfo.</exception>
    public static SpcSipInfo Decode(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.DER);
            AsnReader sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();

            int version = ReadInt32(sequence, "dwSIPversion");
            byte[] guidBytes = sequence.ReadOctetString();
            if (guidBytes.Length != 16)
            {
                throw new MalformedSignatureException(
                    $"The SIP GUID in SpcSipInfo is {guidBytes.Length} bytes long, expected 16; the signature is damaged, sign the file again.");
            }

            var reserved = new int[5];
            for (int i = 0; i < reserved.Length; i++)
            {
                reserved[i] = ReadInt32(sequence, $"dwReserved{i + 1}");
            }

            sequence.ThrowIfNotEmpty();
            return new SpcSipInfo(version, new Guid(guidBytes), reserved);
        }
        catch (AsnContentException e)
        {
            throw new MalformedSignatureException(
                $"The SIP information is not a valid DER SpcSipInfo ({e.Message}); the signature is damaged, sign the file again.",
                e);
        }
    }

    private static int ReadInt32(AsnReader reader, string field)
    {
        if (!reader.TryReadInt32(out int value))
        {
            throw new MalformedSignatureException(
                $"The {field} field of SpcSipInfo does not fit in 32 bits; the signature is damaged, sign the file again.");
        }

        return value;
    }
}
