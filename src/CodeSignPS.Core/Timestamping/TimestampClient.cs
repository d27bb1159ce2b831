using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;

namespace CodeSignPS.Core.Timestamping;

/// <summary>
/// Requests RFC 3161 timestamp tokens over HTTP from an ordered list of servers, with a timeout per
/// request, bounded retries with backoff, and a bound on the requests in flight to each server that
/// all callers of one client share. Thread-safe: one client serves a whole batch.
/// </summary>
public sealed partial class TimestampClient : IDisposable
{
    /// <summary>The longest Retry-After wait that is honoured; a server asking for more gets this.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    public const string FailedErrorId = "TimestampFailed";

    private readonly HttpClient _http;
    private readonly Dictionary<Uri, SemaphoreSlim> _gates = new();
    private readonly string _hashAlgorithmOid;
    private readonly X509Certificate2? _signerCertificate;

    /// <param name="options">The servers and how hard to try each.</param>
    /// <param name="signerCertificate">
    /// The certificate of the signatures to timestamp, or null. A token whose time lies outside its
    /// validity is rejected, because it would make the new signature expired at once.
    /// </param>
    public TimestampClient(TimestampOptions options, X509Certificate2? signerCertificate = null)
        : this(options, CreateHandler(options), signerCertificate)
    {
    }

    internal TimestampClient(TimestampOptions options, HttpMessageHandler handler, X509Certificate2? signerCertificate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        Validate(options);
        Options = options;
        _signerCertificate = signerCertificate;
        _hashAlgorithmOid = AuthenticodeOids.GetDigestOid(options.HashAlgorithm);
        foreach (Uri server in options.Servers)
        {
            _gates.TryAdd(server, new SemaphoreSlim(options.MaxConcurrentRequestsPerServer));
        }

        _http = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxReplyBytes,
        };
    }

    /// <summary>
    /// Raised once per request to a server, on the thread that called <see cref="RequestToken"/>,
    /// with one sentence saying how the server responded and what happens next.
    /// </summary>
    public event Action<string>? AttemptCompleted;

    public TimestampOptions Options { get; }

    /// <summary>
    /// Requests a token whose imprint is the hash of <paramref name="signatureValue"/> (the signature
    /// octets of a SignerInfo), trying each server in order, and returns the DER ContentInfo of the
    /// first token that matches the request (see <see cref="TimestampTokenCheck"/>).
    /// </summary>
    /// <exception cref="CodeSignException">No server returned a usable token; the message names each server and its answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public byte[] RequestToken(ReadOnlySpan<byte> signatureValue, CancellationToken cancellationToken)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(Options.HashAlgorithm);
        hash.AppendData(signatureValue);
        byte[] imprint = hash.GetHashAndReset();
        List<(Uri Server, TimestampAttemptException Failure)> failures = new();

        foreach (Uri server in Options.Servers)
        {
            try
            {
                return RequestFromServer(server, imprint, cancellationToken);
            }
            catch (TimestampAttemptException failure)
            {
                failures.Add((server, failure));
            }
        }

        throw CreateFailure(failures);
    }

    /// <summary>
    /// Parses a timestamp server URL as a caller wrote it.
    /// </summary>
    /// <exception cref="CodeSignException">
    /// The value is not an absolute http or https URL, contains a control character, or contains
    /// credentials (ErrorId TimestampServerInvalid). The message never shows the credentials.
    /// </exception>
    public static Uri ParseServerUrl(string value) => TimestampServerUrl.Parse(value);

    /// <summary>The URL as the caller wrote it, without the user info (credentials) if it has any.</summary>
    public static string DisplayServerUrl(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return TimestampServerUrl.Display(server);
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (SemaphoreSlim gate in _gates.Values)
        {
            gate.Dispose();
        }
    }

    private byte[] RequestFromServer(Uri server, byte[] imprint, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                byte[] token = RequestOnce(server, imprint, cancellationToken);
                Report($"Timestamp server '{Display(server)}' returned a valid token.");
                return token;
            }
            catch (TimestampAttemptException failure) when (failure.IsTransient && attempt < Options.MaxRetries)
            {
                TimeSpan delay = RetryDelay(attempt, failure.RetryAfter);
                Report($"Timestamp server '{Display(server)}' {failure.Message}; retrying in {Seconds(delay)} (retry {attempt + 1} of {Options.MaxRetries}).");
                Wait(delay, cancellationToken);
            }
            catch (TimestampAttemptException failure)
            {
                string attempts = attempt == 0 ? string.Empty : $" (attempt {attempt + 1} of {attempt + 1})";
                Report($"Timestamp server '{Display(server)}' {failure.Message}{attempts}; giving up on this server.");
                throw attempt == 0
                    ? failure
                    : new TimestampAttemptException($"{failure.Message} on each of {attempt + 1} attempts", failure.Kind, innerException: failure);
            }
        }
    }

    private byte[] RequestOnce(Uri server, byte[] imprint, CancellationToken cancellationToken)
    {
        Rfc3161TimestampRequest request = Rfc3161TimestampRequest.CreateFromHash(
            imprint, Options.HashAlgorithm, requestedPolicyId: null, nonce: CreateNonce(), requestSignerCertificates: true);
        BigInteger nonce = new(request.GetNonce()!.Value.Span, isUnsigned: false, isBigEndian: true);

        SemaphoreSlim gate = _gates[server];
        gate.Wait(cancellationToken);
        byte[] body;
        DateTimeOffset sentAt;
        try
        {
            sentAt = DateTimeOffset.UtcNow;
            body = Exchange(server, request.Encode(), cancellationToken);
        }
        finally
        {
            gate.Release();
        }

        byte[] token = ReadToken(body);
        TimestampExpectation expected = new(_hashAlgorithmOid, imprint, nonce, sentAt, DateTimeOffset.UtcNow, _signerCertificate);
        TimestampTokenCheck.Check(token, expected);
        return token;
    }

    private static byte[] ReadToken(byte[] body)
    {
        TimestampReply reply;
        try
        {
            reply = TimestampReply.Decode(body);
        }
        catch (System.Formats.Asn1.AsnContentException ex)
        {
            throw new TimestampAttemptException($"returned {body.Length} bytes that are not a timestamp reply ({ex.Message})", TimestampFailureKind.BadReply, innerException: ex);
        }

        if (!reply.IsGranted)
        {
            throw new TimestampAttemptException($"rejected the request with status {reply.DescribeStatus()}", TimestampFailureKind.Rejected);
        }

        return reply.Token
            ?? throw new TimestampAttemptException($"answered {reply.StatusName} but sent no token", TimestampFailureKind.InvalidToken);
    }

    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        double backoffTicks = Options.InitialBackoff.Ticks * Math.Pow(2, attempt);
        TimeSpan backoff = TimeSpan.FromTicks((long)Math.Min(backoffTicks, MaxRetryAfter.Ticks));
        if (retryAfter is TimeSpan requested && requested > backoff)
        {
            return requested < MaxRetryAfter ? requested : MaxRetryAfter;
        }

        return backoff;
    }

    private static void Wait(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            cancellationToken.WaitHandle.WaitOne(delay);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private static ReadOnlyMemory<byte> CreateNonce()
    {
        // 64 random bits; the first byte is kept below 0x80 so that the INTEGER is positive as sent.
        byte[] nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] = (byte)((nonce[0] & 0x7F) | 0x01);
        return nonce;
    }

    private void Report(string message) => AttemptCompleted?.Invoke(message);

    private static string Display(Uri server) => TimestampServerUrl.Display(server);

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.###} s";
}
