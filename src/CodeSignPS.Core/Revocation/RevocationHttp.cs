using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace CodeSignPS.Core.Revocation;

/// <summary>
/// The HTTP exchanges of online revocation checks: plain http only, no redirects, a timeout per
/// request and a size limit on every body; the caller's token carries the total time budget. CRLs and OCSP responses are signed,
/// so plain http is what CAs publish them over (RFC 5280 §4.2.1.13, RFC 6960 appendix A).
/// </summary>
public sealed class RevocationHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly RevocationFetchOptions _options;

    public RevocationHttp(RevocationFetchOptions options)
    {
        if (options.Timeout <= TimeSpan.Zero || options.TotalBudget <= TimeSpan.Zero)
        {
            throw new CodeSignException(
                "RevocationTimeoutInvalid", FailureCategory.InvalidArgument,
                $"The revocation timeouts are {options.Timeout} per request and {options.TotalBudget} in total; both must be more than zero.");
        }

        _options = options;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public RevocationFetchOptions Options => _options;

    /// <summary>Downloads <paramref name="url"/> with GET; at most <paramref name="maxBytes"/> bytes are read.</summary>
    public byte[] Get(Uri url, int maxBytes, CancellationToken cancellationToken)
    {
        return Send(() => new HttpRequestMessage(HttpMethod.Get, url), maxBytes, cancellationToken);
    }

    /// <summary>POSTs <paramref name="body"/> as <paramref name="mediaType"/> and returns the reply body.</summary>
    public byte[] Post(Uri url, byte[] body, string mediaType, int maxBytes, CancellationToken cancellationToken)
    {
        HttpRequestMessage CreateRequest()
        {
            HttpRequestMessage request = new(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return request;
        }

        return Send(CreateRequest, maxBytes, cancellationToken);
    }

    /// <summary>Whether <paramref name="url"/> may be contacted: an absolute http URL.</summary>
    public static bool IsFetchable(Uri url) => url.IsAbsoluteUri && url.Scheme == Uri.UriSchemeHttp;

    public void Dispose() => _http.Dispose();

    private byte[] Send(Func<HttpRequestMessage> createRequest, int maxBytes, CancellationToken cancellationToken)
    {
        TimeSpan timeout = _options.Timeout;
        using CancellationTokenSource timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            try
            {
                return SendOnce(createRequest, maxBytes, timer.Token);
            }
            catch (HttpRequestException)
            {
                // A connection that fails before any reply is tried once more within the same time
                // limit: single-threaded responders such as `openssl ocsp` sometimes drop one.
                return SendOnce(createRequest, maxBytes, timer.Token);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RevocationFetchException($"timed out after {Seconds(timeout)}", isTimeout: true, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new RevocationFetchException($"could not be reached ({ex.Message})", innerException: ex);
        }
        catch (IOException ex)
        {
            throw new RevocationFetchException($"closed the connection early ({ex.Message})", innerException: ex);
        }
    }

    private byte[] SendOnce(Func<HttpRequestMessage> createRequest, int maxBytes, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = createRequest();
        if (!IsFetchable(request.RequestUri!))
        {
            throw new RevocationFetchException($"is not an http URL, so it is not contacted");
        }

        // One request per connection: responders such as `openssl ocsp` close the connection after
        // each reply, and a POST sent on a pooled connection that the server has just closed fails.
        request.Headers.ConnectionClose = true;
        using HttpResponseMessage response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        CheckStatus(response);
        return ReadBody(response, maxBytes, cancellationToken);
    }

    private static void CheckStatus(HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            throw new RevocationFetchException($"returned HTTP {status} (a redirect to '{response.Headers.Location}'), which is not followed");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RevocationFetchException($"returned HTTP {status} ({response.ReasonPhrase})");
        }
    }

    private static byte[] ReadBody(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is long declared && declared > maxBytes)
        {
            throw new RevocationFetchException($"announced {declared} bytes, more than the limit of {maxBytes}");
        }

        using Stream stream = response.Content.ReadAsStream(cancellationToken);
        using MemoryStream body = new();
        byte[] buffer = new byte[81920];
        int read;
        while ((read = stream.ReadAsync(buffer, cancellationToken).AsTask().GetAwaiter().GetResult()) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                throw new RevocationFetchException($"sent more than the limit of {maxBytes} bytes");
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    internal static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
