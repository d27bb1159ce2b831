using System.Net;
using System.Net.Http.Headers;

namespace CodeSignPS.Core.Timestamping;

/// <summary>The HTTP exchange of <see cref="TimestampClient"/> (RFC 3161 §3.4).</summary>
public sealed partial class TimestampClient
{
    private const string QueryMediaType = "application/timestamp-query";
    private const string ReplyMediaType = "application/timestamp-reply";

    // The name of drafts before RFC 3161, still sent by some servers.
    private const string LegacyReplyMediaType = "application/timestamp-response";

    /// <summary>POSTs <paramref name="query"/> and returns the reply body, within the timeout.</summary>
    private byte[] Exchange(Uri server, byte[] query, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);

        using HttpRequestMessage request = new(HttpMethod.Post, server) { Content = new ByteArrayContent(query) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(QueryMediaType);

        try
        {
            using HttpResponseMessage response = _http.Send(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            CheckStatus(server, response);
            CheckMediaType(response);
            using MemoryStream body = new();
            response.Content.ReadAsStream(timeout.Token).CopyTo(body);
            return body.ToArray();
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimestampAttemptException($"timed out after {Seconds(Options.Timeout)}", TimestampFailureKind.TimedOut, innerException: ex);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            // HttpClient stops reading at MaxResponseContentBufferSize. A second request would get the
            // same oversized reply, so this is a bad reply, not a connection failure.
            throw new TimestampAttemptException(
                $"returned more than {MaxReplyBytes / (1024 * 1024)} MiB, which is not a timestamp reply", TimestampFailureKind.BadReply, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TimestampAttemptException($"could not be reached ({ex.Message})", TimestampFailureKind.Unavailable, innerException: ex);
        }
    }

    private static void CheckStatus(Uri server, HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (status is >= 300 and < 400)
        {
            // Not retried: the server would redirect again.
            throw new TimestampAttemptException(
                $"answered HTTP {status} ({DescribeRedirect(server, response.Headers.Location)}), which is not followed; use the final URL in -TimestampServer",
                TimestampFailureKind.BadReply);
        }

        string answered = $"answered HTTP {status} ({response.ReasonPhrase})";
        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
        {
            throw new TimestampAttemptException(answered, TimestampFailureKind.Unavailable, ReadRetryAfter(response));
        }

        throw new TimestampAttemptException(answered, TimestampFailureKind.BadReply);
    }

    private static string DescribeRedirect(Uri server, Uri? location)
    {
        if (location is null)
        {
            return "redirect without a Location";
        }

        Uri target = location.IsAbsoluteUri ? location : new Uri(server, location);
        return $"redirect to '{Display(target)}'";
    }

    private static void CheckMediaType(HttpResponseMessage response)
    {
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(mediaType, ReplyMediaType, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(mediaType, LegacyReplyMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new TimestampAttemptException(
                $"answered with Content-Type '{mediaType ?? "(none)"}', which is not a timestamp reply ({ReplyMediaType})",
                TimestampFailureKind.BadReply);
        }
    }

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is TimeSpan delta)
        {
            return delta;
        }

        if (retryAfter?.Date is DateTimeOffset date)
        {
            TimeSpan untilDate = date - DateTimeOffset.UtcNow;
            return untilDate > TimeSpan.Zero ? untilDate : TimeSpan.Zero;
        }

        return null;
    }
}
