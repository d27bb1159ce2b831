using System.Security.Cryptography;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Finds the exception of a policy that applies to an artifact in one environment. An exception is
/// pinned to a relative path (compared ordinally), the file's SHA-256, the environments it lists, and
/// its last day (UTC). The file is hashed only when an exception names its path.
/// </summary>
public sealed class ExceptionMatcher
{
    private readonly ILookup<string, ExceptionDefinition> _byPath;
    private readonly DateOnly _today;

    /// <param name="exceptions">The policy's exceptions, in file order.</param>
    /// <param name="environment">The environment evaluated; null (the defaults) matches no exception.</param>
    /// <param name="today">The current date in UTC, which an exception's <c>expires</c> is compared with.</param>
    public ExceptionMatcher(IReadOnlyList<ExceptionDefinition> exceptions, string? environment, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(exceptions);
        _today = today;
        _byPath = exceptions
            .Where(exception => environment is not null && exception.Environments.Any(name => name.Value == environment))
            .ToLookup(exception => exception.Path.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Returns the first exception for <paramref name="artifact"/> that applies; otherwise the first
    /// expired one whose hash matches; otherwise the first whose path matches but whose hash does not.
    /// </summary>
    /// <exception cref="IOException">The file could not be read to compute its SHA-256.</exception>
    public ExceptionMatch Match(Artifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (!_byPath.Contains(artifact.RelativePath))
        {
            return ExceptionMatch.None;
        }

        string sha256 = ComputeSha256(artifact.Path);
        ExceptionMatch? expired = null;
        ExceptionMatch? changed = null;
        foreach (ExceptionDefinition exception in _byPath[artifact.RelativePath])
        {
            if (!string.Equals(exception.Sha256.Value, sha256, StringComparison.OrdinalIgnoreCase))
            {
                changed ??= new ExceptionMatch(ExceptionMatchKind.ContentChanged, exception, sha256);
            }
            else if (_today > exception.Expires.Value)
            {
                expired ??= new ExceptionMatch(ExceptionMatchKind.Expired, exception, sha256);
            }
            else
            {
                return new ExceptionMatch(ExceptionMatchKind.Applies, exception, sha256);
            }
        }

        return expired ?? changed!;
    }

    private static string ComputeSha256(string path)
    {
        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}
