using System.Formats.Asn1;

namespace CodeSignPS.Core.Authenticode;

/// <summary>
/// The "what is signed" description inside an SpcIndirectDataContent: a type OID (SpcSipInfo for
/// scripts, SpcPeImageData for PE files) and the DER encoding of its value.
/// </summary>
public sealed class SpcAttributeTypeAndOptionalValue
{
    private SpcAttributeTypeAndOptionalValue(string typeOid, byte[]? encodedValue)
    {
        TypeOid = typeOid;
        EncodedValue = encodedValue;
    }

    /// <summary>OID that names the type of <see cref="EncodedValue"/>.</summary>
    public string TypeOid { get; }

    /// <summary>Complete DER encoding (tag, length, contents) of the value, or null when it is absent.</summary>
    public byte[]? EncodedValue { get; }

    // Microsoft's Authenticode PE specification ("Windows Authenticode Portable Executable Signature
    // Format", version 1.0, section "SpcIndirectDataContent"), repeated in [MS-OSHARED] 2.3.2.4.3.1:
    //
    //   SpcAttributeTypeAndOptionalValue ::= SEQUENCE {
    //       type                    ObjectID,
    //       value                   [0] EXPLICIT ANY OPTIONAL
    //   }
    //
    // Real signatures carry the value untagged, as a bare SEQUENCE right after the OID. Every signature
    // in the PowerShell and Pester packages has that form, so it is the form written and read here.
    internal static void Write(AsnWriter writer, string typeOid, ReadOnlySpan<byte> encodedValue)
    {
        writer.PushSequence();
        writer.WriteObjectIdentifier(typeOid);
        if (!encodedValue.IsEmpty)
        {
            writer.WriteEncodedValue(encodedValue);
        }

        writer.PopSequence();
    }

    internal static SpcAttributeTypeAndOptionalValue Read(AsnReader reader)
    {
        AsnReader sequence = reader.ReadSequence();
        string typeOid = sequence.ReadObjectIdentifier();
        byte[]? encodedValue = sequence.HasData ? sequence.ReadEncodedValue().ToArray() : null;
        sequence.ThrowIfNotEmpty();
        return new SpcAttributeTypeAndOptionalValue(typeOid, encodedValue);
    }
}
