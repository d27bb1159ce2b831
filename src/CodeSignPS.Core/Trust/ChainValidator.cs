using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>Builds and judges chains against explicit trust stores, offline.</summary>
/// <remarks>
/// Chains are built with only the given anchors (custom root trust), without revocation checks and
/// without downloading certificates, so validation never touches the network. Results are cached per
/// instance, so a batch of files signed by one certificate builds its chain once. The instance is
/// safe to use from many threads. Callers with the same inputs receive the same <see cref="ChainResult"/>,
/// so they must not dispose its certificates.
/// </remarks>
public sealed class ChainValidator
{
    /// <summary>Cache size at which the cache is emptied, bounding memory when verification times keep changing.</summary>
    private const int MaxCachedResults = 10_000;

    private readonly TrustAnchorSet _anchors;
    private readonly ConcurrentDictionary<string, Lazy<ChainResult>> _cache = new(StringComparer.Ordinal);

    // ConcurrentDictionary.Count takes every lock, so entries are counted here instead. The count is
    // approximate under races, which is enough for a size bound.
    private int _cachedResultCount;

    /// <param name="trustStores">The stores whose certificates are the trust anchors.</param>
    /// <param name="useSystemTrust">Whether the system root store's certificates are anchors too.</param>
    /// <param name="purpose">The extended key usage the leaf must have: code signing unless given.</param>
    /// <exception cref="CodeSignException"><c>SystemTrustStoreUnavailable</c> when the system root store cannot be opened.</exception>
    public ChainValidator(IReadOnlyList<TrustStore> trustStores, bool useSystemTrust, ChainPurpose purpose = ChainPurpose.CodeSigning)
    {
        ArgumentNullException.ThrowIfNull(trustStores);

        TrustStores = trustStores;
        UseSystemTrust = useSystemTrust;
        Purpose = purpose;
        _anchors = new TrustAnchorSet(trustStores, useSystemTrust);
    }

    public IReadOnlyList<TrustStore> TrustStores { get; }

    public bool UseSystemTrust { get; }

    public ChainPurpose Purpose { get; }

    /// <summary>Builds the chain of <paramref name="leaf"/> at <paramref name="verificationTime"/> and checks trust, EKUs and validity.</summary>
    /// <param name="leaf">The signer certificate.</param>
    /// <param name="extraCertificates">Certificates carried by the signature, used to find intermediates.</param>
    /// <param name="verificationTime">
    /// The time to check at. <see cref="DateTimeKind.Unspecified"/> is taken as UTC, and fractions of a
    /// second are dropped because certificate validity times have whole seconds.
    /// </param>
    public ChainResult Validate(X509Certificate2 leaf, X509Certificate2Collection extraCertificates, DateTime verificationTime)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(extraCertificates);

        DateTime time = ToWholeSecondUtc(verificationTime);
        string key = CacheKey(leaf, extraCertificates, time);

        if (_cache.TryGetValue(key, out Lazy<ChainResult>? cached))
        {
            return cached.Value;
        }

        if (Interlocked.Increment(ref _cachedResultCount) > MaxCachedResults)
        {
            _cache.Clear();
            Interlocked.Exchange(ref _cachedResultCount, 1);
        }

        // Lazy makes concurrent callers with the same key wait for one build instead of each building.
        Lazy<ChainResult> entry = _cache.GetOrAdd(
            key,
            _ => new Lazy<ChainResult>(() => Build(leaf, extraCertificates, time), LazyThreadSafetyMode.ExecutionAndPublication));
        return entry.Value;
    }

    private ChainResult Build(X509Certificate2 leaf, X509Certificate2Collection extraCertificates, DateTime time)
    {
        using var chain = new X509Chain();
        X509ChainPolicy policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_anchors.Certificates);
        policy.ExtraStore.AddRange(extraCertificates);
        policy.ExtraStore.AddRange(_anchors.Intermediates);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = time;
        policy.VerificationTimeIgnored = false;

        try
        {
            // The return value folds time errors into failure; ChainJudge separates them.
            chain.Build(leaf);
        }
        catch (CryptographicException ex)
        {
            return NotBuilt(leaf, ex.Message, time);
        }

        X509ChainElement[] elements = chain.ChainElements.Cast<X509ChainElement>().ToArray();
        if (elements.Length == 0)
        {
            return NotBuilt(leaf, "the platform returned no chain elements", time);
        }

        return ChainJudge.Judge(
            elements.Select(element => element.Certificate).ToArray(),
            elements.Select(element => element.ChainElementStatus).ToArray(),
            chain.ChainStatus,
            _anchors,
            time,
            Purpose);
    }

    private static ChainResult NotBuilt(X509Certificate2 leaf, string reason, DateTime time)
    {
        bool leafTimeValid = ChainJudge.IsWithinValidity(leaf, time);
        return new ChainResult
        {
            Chain = new[] { leaf },
            IsTrusted = false,
            IsTimeValid = leafTimeValid,
            ExpiredCertificate = leafTimeValid ? null : leaf,
            FailureMessage = $"The chain of '{leaf.Subject}' could not be built: {reason}.",
        };
    }

    private static DateTime ToWholeSecondUtc(DateTime time)
    {
        DateTime utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    /// <summary>Hashes everything the result depends on: the leaf, the set of extra certificates (in any order) and the time.</summary>
    private static string CacheKey(X509Certificate2 leaf, X509Certificate2Collection extraCertificates, DateTime time)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(leaf.GetCertHash(HashAlgorithmName.SHA256));

        IEnumerable<string> extraHashes = extraCertificates
            .Select(TrustAnchorSet.HashOf)
            .Order(StringComparer.Ordinal);
        foreach (string extraHash in extraHashes)
        {
            hash.AppendData(Convert.FromHexString(extraHash));
        }

        hash.AppendData(BitConverter.GetBytes(time.Ticks));
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
