using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace CodeSignPS.TestServers;

/// <summary>Rewrites a TimeStampReq so that openssl signs an honest token for the wrong request.</summary>
public static class QueryRewriter
{
    public static byte[] WithOtherNonce(byte[] query)
    {
        Rfc3161TimestampRequest request = Decode(query);
        byte[] nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] = (byte)((nonce[0] & 0x7F) | 0x01);
        return Rebuild(request, request.GetMessageHash().ToArray(), nonce, request.RequestSignerCertificate);
    }

    public static byte[] WithOtherImprint(byte[] query)
    {
        Rfc3161TimestampRequest request = Decode(query);
        byte[] imprint = request.GetMessageHash().ToArray();
        imprint[0] ^= 0xFF;
        return Rebuild(request, imprint, request.GetNonce(), request.RequestSignerCertificate);
    }

    public static byte[] WithoutCertificateRequest(byte[] query)
    {
        Rfc3161TimestampRequest request = Decode(query);
        return Rebuild(request, request.GetMessageHash().ToArray(), request.GetNonce(), requestCertificate: false);
    }

    private static Rfc3161TimestampRequest Decode(byte[] query)
        => Rfc3161TimestampRequest.TryDecode(query, out Rfc3161TimestampRequest? request, out _)
            ? request
            : throw new InvalidOperationException("The query is not a TimeStampReq.");

    private static byte[] Rebuild(Rfc3161TimestampRequest request, byte[] imprint, ReadOnlyMemory<byte>? nonce, bool requestCertificate)
    {
        HashAlgorithmName algorithm = request.HashAlgorithmId.Value switch
        {
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        return Rfc3161TimestampRequest.CreateFromHash(imprint, algorithm, request.RequestedPolicyId, nonce, requestCertificate).Encode();
    }
}
