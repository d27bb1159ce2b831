using System.Formats.Asn1;
using System.Numerics;
using System.Text;

namespace CodeSignPS.Core.Timestamping;

/// <summary>A decoded TimeStampResp: the PKI status and, when granted, the token.</summary>
internal sealed class TimestampReply
{
    // Bit names of PKIFailureInfo, by bit number (RFC 3161 §2.4.2).
    private static readonly Dictionary<int, string> FailureBits = new()
    {
        [0] = "badAlg",
        [2] = "badRequest",
        [5] = "badDataFormat",
        [14] = "timeNotAvailable",
        [15] = "unacceptedPolicy",
        [16] = "unacceptedExtension",
        [17] = "addInfoNotAvailable",
        [25] = "systemFailure",
    };

    private static readonly string[] StatusNames =
        { "granted", "grantedWithMods", "rejection", "waiting", "revocationWarning", "revocationNotification" };

    private TimestampReply(BigInteger status, string? statusString, IReadOnlyList<string> failures, byte[]? token)
    {
        Status = status;
        StatusString = statusString;
        Failures = failures;
        Token = token;
    }

    public BigInteger Status { get; }

    public string? StatusString { get; }

    /// <summary>Names of the failInfo bits that are set.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>The DER ContentInfo of the token, when the reply carries one.</summary>
    public byte[]? Token { get; }

    /// <summary>Whether the status is granted (0) or grantedWithMods (1).</summary>
    public bool IsGranted => Status == 0 || Status == 1;

    public string StatusName => Status >= 0 && Status < StatusNames.Length ? StatusNames[(int)Status] : $"status {Status}";

    // RFC 3161 §2.4.2:
    //   TimeStampResp ::= SEQUENCE {
    //     status          PKIStatusInfo,
    //     timeStampToken  TimeStampToken OPTIONAL }
    //   PKIStatusInfo ::= SEQUENCE {
    //     status        PKIStatus,
    //     statusString  PKIFreeText OPTIONAL,
    //     failInfo      PKIFailureInfo OPTIONAL }
    //   PKIFreeText ::= SEQUENCE SIZE (1..MAX) OF UTF8String

    /// <summary>Decodes <paramref name="body"/>; throws <see cref="AsnContentException"/> when it is no TimeStampResp.</summary>
    public static TimestampReply Decode(ReadOnlyMemory<byte> body)
    {
        AsnReader outer = new(body, AsnEncodingRules.BER);
        AsnReader response = outer.ReadSequence();
        outer.ThrowIfNotEmpty();

        AsnReader statusInfo = response.ReadSequence();
        BigInteger status = statusInfo.ReadInteger();
        string? statusString = null;
        List<string> failures = new();
        if (statusInfo.HasData && statusInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            statusString = ReadFreeText(statusInfo.ReadSequence());
        }

        if (statusInfo.HasData)
        {
            failures.AddRange(ReadFailureBits(statusInfo.ReadBitString(out _)));
        }

        statusInfo.ThrowIfNotEmpty();
        byte[]? token = response.HasData ? response.ReadEncodedValue().ToArray() : null;
        response.ThrowIfNotEmpty();
        return new TimestampReply(status, statusString, failures, token);
    }

    /// <summary>Describes a reply that grants nothing: "rejection (failInfo badAlg; statusString 'x')".</summary>
    public string DescribeStatus()
    {
        StringBuilder text = new(StatusName);
        List<string> details = new();
        if (Failures.Count > 0)
        {
            details.Add("failInfo " + string.Join(", ", Failures));
        }

        if (!string.IsNullOrEmpty(StatusString))
        {
            details.Add($"statusString '{StatusString}'");
        }

        if (details.Count > 0)
        {
            text.Append(" (").Append(string.Join("; ", details)).Append(')');
        }

        return text.ToString();
    }

    private static string ReadFreeText(AsnReader freeText)
    {
        List<string> parts = new();
        while (freeText.HasData)
        {
            parts.Add(freeText.ReadCharacterString(UniversalTagNumber.UTF8String));
        }

        return string.Join(" ", parts);
    }

    private static IEnumerable<string> ReadFailureBits(byte[] bits)
    {
        // BIT STRING bit 0 is the most significant bit of the first byte.
        for (int bit = 0; bit < bits.Length * 8; bit++)
        {
            if ((bits[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                yield return FailureBits.TryGetValue(bit, out string? name) ? name : $"bit {bit}";
            }
        }
    }
}
