namespace CodeSignPS.Core.Revocation;

/// <summary>Limits on the network requests made to check revocation online.</summary>
public sealed record RevocationFetchOptions
{
    /// <summary>The default time one request may take.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The time one CRL download or OCSP request may take, connection included.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The time all requests for one chain's verification may take together (<see cref="OnlineRevocationChecker"/>).</summary>
    public TimeSpan TotalBudget { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The largest CRL that is read, in bytes. Large public CAs publish CRLs of a few MiB.</summary>
    public int MaxCrlBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The largest OCSP response that is read, in bytes.</summary>
    public int MaxOcspResponseBytes { get; init; } = 256 * 1024;
}
