using System.Net;

namespace CodeSignPS.Core.Timestamping;

/// <summary>Option checks, the HTTP handler and the final error of <see cref="TimestampClient"/>.</summary>
public sealed partial class TimestampClient
{
    /// <summary>
    /// The largest reply that is read. A reply carries one token with a few certificates, a few
    /// kilobytes; anything near this size is not a timestamp reply, and reading on would only
    /// fill memory.
    /// </summary>
    public const int MaxReplyBytes = 1024 * 1024;

    private static HttpMessageHandler CreateHandler(TimestampOptions options) => new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(1, options.MaxConcurrentRequestsPerServer),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = options.Timeout > TimeSpan.Zero ? options.Timeout : TimestampOptions.DefaultTimeout,
        AutomaticDecompression = DecompressionMethods.None,

        // A redirect would send the query to whatever host the server names, off the machine
        // included, and a loop would cost dozens of requests per attempt; see CheckStatus.
        AllowAutoRedirect = false,
    };

    private static void Validate(TimestampOptions options)
    {
        if (options.Servers is null || options.Servers.Count == 0)
        {
            throw Invalid("No timestamp server was given; name at least one http:// or https:// URL.", null);
        }

        foreach (Uri server in options.Servers)
        {
            TimestampServerUrl.Check(server);
        }

        if (!Core.Signing.FileSigner.IsAllowedForSigning(options.HashAlgorithm))
        {
            throw Invalid($"Timestamps with {options.HashAlgorithm.Name} are not allowed because it is no longer collision resistant; use SHA256, SHA384 or SHA512.", options.HashAlgorithm.Name);
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromHours(1))
        {
            throw Invalid($"The timestamp timeout is {options.Timeout}; expected more than zero and at most one hour.", null);
        }

        if (options.MaxRetries < 0 || options.InitialBackoff < TimeSpan.Zero || options.MaxConcurrentRequestsPerServer < 1)
        {
            throw Invalid(
                $"Invalid timestamp retry settings (retries {options.MaxRetries}, backoff {options.InitialBackoff}, concurrent requests per server {options.MaxConcurrentRequestsPerServer}); expected retries and backoff of zero or more and at least one request per server.",
                null);
        }
    }

    private static CodeSignException Invalid(string message, string? target)
        => new(TimestampServerUrl.InvalidErrorId, FailureCategory.InvalidArgument, message, target);

    private static CodeSignException CreateFailure(List<(Uri Server, TimestampAttemptException Failure)> failures)
    {
        IEnumerable<string> lines = failures.Select(entry => $"  '{Display(entry.Server)}' {entry.Failure.Message}.");
        string message = "No timestamp server returned a usable token:" + Environment.NewLine
            + string.Join(Environment.NewLine, lines) + Environment.NewLine
            + Advice(failures);

        FailureCategory category = failures.All(entry => entry.Failure.Kind == TimestampFailureKind.TimedOut)
            ? FailureCategory.OperationTimeout
            : failures.Any(entry => entry.Failure.Kind == TimestampFailureKind.InvalidToken)
                ? FailureCategory.SecurityError
                : FailureCategory.ResourceUnavailable;
        Exception? inner = failures.Count == 1 ? failures[0].Failure : new AggregateException(failures.Select(entry => (Exception)entry.Failure));
        return new CodeSignException(FailedErrorId, category, message, Display(failures[^1].Server), inner);
    }

    private static string Advice(List<(Uri Server, TimestampAttemptException Failure)> failures)
    {
        if (failures.All(entry => entry.Failure.IsTransient))
        {
            return "The servers are busy or unreachable: try again later, raise the timeout or the retry count, or add another timestamp server.";
        }

        return "Check that each URL is the RFC 3161 endpoint of a timestamp authority, or use another timestamp server.";
    }
}
