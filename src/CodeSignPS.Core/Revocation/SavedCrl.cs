using System.Numerics;

namespace CodeSignPS.Core.Revocation;

/// <summary>A CRL downloaded and written to a folder, for verification without network.</summary>
public sealed record SavedCrl
{
    /// <summary>The distribution point it came from.</summary>
    public required Uri Url { get; init; }

    /// <summary>The file it was written to; stable for a given issuer and URL, so a later save replaces it.</summary>
    public required string Path { get; init; }

    /// <summary>The CRL issuer's distinguished name.</summary>
    public required string Issuer { get; init; }

    public BigInteger? CrlNumber { get; init; }

    public DateTimeOffset ThisUpdate { get; init; }

    public DateTimeOffset? NextUpdate { get; init; }

    /// <summary>How many certificates the CRL lists as revoked.</summary>
    public int RevokedCount { get; init; }

    /// <summary>Whether the file was written; false when the folder already held a CRL with a higher CRL number.</summary>
    public bool Written { get; init; }
}
