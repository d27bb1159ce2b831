using System.Security.Cryptography;
namespace CodeSignPS.Core.Authenticode;
public sealed class SpcIndirectDataContent
{
    public string DataTypeOid { get; init; } = "";
    public string DigestAlgorithmOid { get; init; } = "";
    public ReadOnlyMemory<byte> Digest { get; init; }
    public static SpcIndirectDataContent Decode(ReadOnlyMemory<byte> der) => throw new NotImplementedException();
}
