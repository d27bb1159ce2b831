using System.Collections.Concurrent;
using System.Management.Automation;
using System.Security.Cryptography;
using CodeSignPS.Core;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Timestamping;

namespace CodeSignPS.Commands;

/// <summary>The RFC 3161 timestamp parameters of Set-CodeSignature.</summary>
public sealed partial class SetCodeSignatureCommand
{
    // Attempts are reported on worker threads and written on the pipeline thread.
    private readonly ConcurrentQueue<string> _timestampAttempts = new();

    /// <summary>RFC 3161 timestamp server URLs, tried in order until one returns a usable token.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TimestampServer { get; set; }

    /// <summary>The digest of the timestamp imprint; the signature's -HashAlgorithm when not given.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(HashAlgorithmCompleter))]
    [ValidateNotNullOrEmpty]
    public string? TimestampHashAlgorithm { get; set; }

    /// <summary>Seconds one request to one timestamp server may take.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimestampTimeoutSec { get; set; } = (int)TimestampOptions.DefaultTimeout.TotalSeconds;

    /// <summary>Retries per timestamp server after HTTP 429, HTTP 5xx, a timeout or a connection failure.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int TimestampRetryCount { get; set; } = TimestampOptions.DefaultMaxRetries;

    /// <summary>Requests in flight to one timestamp server at a time, across all files.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int TimestampThrottleLimit { get; set; } = TimestampOptions.DefaultMaxConcurrentRequestsPerServer;

    /// <summary>Returns the timestamp options, or null without -TimestampServer; invalid values stop the command.</summary>
    private TimestampOptions? CreateTimestampOptions(HashAlgorithmName signatureHashAlgorithm)
    {
        if (TimestampServer is null)
        {
            RejectTimestampSettingsWithoutServer();
            return null;
        }

        try
        {
            Uri[] servers = TimestampServer.Select(TimestampClient.ParseServerUrl).ToArray();
            HashAlgorithmName hashAlgorithm = TimestampHashAlgorithm is null ? signatureHashAlgorithm : SigningHashAlgorithm.Parse(TimestampHashAlgorithm, nameof(TimestampHashAlgorithm));
            TimestampOptions options = new()
            {
                Servers = servers,
                HashAlgorithm = hashAlgorithm,
                Timeout = TimeSpan.FromSeconds(TimestampTimeoutSec),
                MaxRetries = TimestampRetryCount,
                MaxConcurrentRequestsPerServer = TimestampThrottleLimit,
            };
            WriteVerbose(
                $"Timestamping with {string.Join(", ", servers.Select(server => $"'{TimestampClient.DisplayServerUrl(server)}'"))} in that order, imprint {hashAlgorithm.Name}, " +
                $"timeout {TimestampTimeoutSec} s, up to {TimestampRetryCount} retries and {TimestampThrottleLimit} concurrent requests per server.");
            return options;
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
            throw; // ThrowTerminatingError does not return.
        }
    }

    /// <summary>A timestamp setting without a server would sign without the timestamp the caller had in mind.</summary>
    private void RejectTimestampSettingsWithoutServer()
    {
        string[] given = new[] { nameof(TimestampHashAlgorithm), nameof(TimestampTimeoutSec), nameof(TimestampRetryCount), nameof(TimestampThrottleLimit) }
            .Where(MyInvocation.BoundParameters.ContainsKey)
            .ToArray();
        if (given.Length > 0)
        {
            string message = $"-{string.Join(", -", given)} applies only with -TimestampServer. Name the timestamp server URLs with -TimestampServer, or leave out the timestamp settings.";
            ThrowTerminatingError(ErrorRecordFactory.Create("TimestampServerMissing", FailureCategory.InvalidArgument, message, given[0]));
        }
    }

    private void SubscribeToTimestampAttempts(TimestampClient? client)
    {
        if (client is not null)
        {
            client.AttemptCompleted += _timestampAttempts.Enqueue;
        }
    }

    /// <summary>Writes one verbose line per request to a timestamp server since the last call.</summary>
    private void WriteTimestampAttempts()
    {
        while (_timestampAttempts.TryDequeue(out string? line))
        {
            WriteVerbose(line);
        }
    }
}
