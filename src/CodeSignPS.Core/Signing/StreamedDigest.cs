using System.Buffers;
using System.Security.Cryptography;

namespace CodeSignPS.Core.Signing;

/// <summary>
/// Hashes a file of any size in constant memory: the bytes pass through one pooled buffer and are
/// never held whole. Signing and verifying detached signatures both digest content this way.
/// </summary>
public static class StreamedDigest
{
    /// <summary>Size of each read. Large reads keep the per-call overhead well under the hashing cost.</summary>
    public const int BufferSize = 1 << 20;

    /// <summary>Computes the <paramref name="hashAlgorithm"/> digest of the whole file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled between reads.</exception>
    public static byte[] ComputeFile(string path, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default)
    {
        // No FileStream buffer: every read is already large, so a second copy would only cost time.
        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return Compute(stream, hashAlgorithm, cancellationToken);
    }

    /// <summary>Computes the digest of what remains of <paramref name="stream"/>.</summary>
    public static byte[] Compute(Stream stream, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default)
        => Compute(stream, hashAlgorithm, out _, cancellationToken);

    /// <summary>Computes the digest of what remains of <paramref name="stream"/>.</summary>
    /// <param name="bytesRead">How many bytes the digest covers.</param>
    public static byte[] Compute(Stream stream, HashAlgorithmName hashAlgorithm, out long bytesRead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using IncrementalHash hash = IncrementalHash.CreateHash(hashAlgorithm);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            bytesRead = 0;
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                bytesRead += read;
            }

            return hash.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
