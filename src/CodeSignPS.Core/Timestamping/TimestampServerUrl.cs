namespace CodeSignPS.Core.Timestamping;

/// <summary>
/// Checks timestamp server URLs and prints them without credentials. Server URLs appear in errors
/// and verbose lines, which end up in build logs, so a password in one must never be printed.
/// </summary>
internal static class TimestampServerUrl
{
    public const string InvalidErrorId = "TimestampServerInvalid";

    /// <summary>Parses a URL as a caller wrote it; see <see cref="TimestampClient.ParseServerUrl"/>.</summary>
    public static Uri Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckNoControlCharacter(value);
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || !IsHttp(uri))
        {
            string shown = Redact(value);
            throw Invalid($"'{shown}' is not a timestamp server URL: expected an absolute http:// or https:// URL such as 'http://timestamp.example.com/tsa'.", shown);
        }

        CheckNoUserInfo(uri);
        return uri;
    }

    /// <summary>Checks a URL that a caller built as a <see cref="Uri"/>: the same rules as <see cref="Parse"/>.</summary>
    public static void Check(Uri? server)
    {
        if (server is null || !server.IsAbsoluteUri || !IsHttp(server))
        {
            string shown = server is null ? "(none)" : Redact(server.OriginalString);
            throw Invalid($"'{shown}' is not a timestamp server URL: expected an absolute http:// or https:// URL.", shown);
        }

        CheckNoControlCharacter(server.OriginalString);
        CheckNoUserInfo(server);
    }

    /// <summary>The URL as the caller wrote it, or without its user info when it has any.</summary>
    public static string Display(Uri server)
    {
        if (!server.IsAbsoluteUri)
        {
            return Redact(server.OriginalString);
        }

        return server.UserInfo.Length == 0 && !server.OriginalString.Contains('@', StringComparison.Ordinal)
            ? server.OriginalString
            : server.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;

    // A pasted line break or tab would split the one-line-per-server error message, and Uri drops
    // some of them silently, so the URL that is asked would differ from the one that is printed.
    private static void CheckNoControlCharacter(string value)
    {
        int index = value.AsSpan().IndexOfAnyInRange('\u0000', '\u001F');
        if (index < 0)
        {
            index = value.AsSpan().IndexOfAnyInRange('\u007F', '\u009F');
        }

        if (index >= 0)
        {
            string shown = Redact(string.Concat(value.Select(c => char.IsControl(c) ? '?' : c)));
            throw Invalid(
                $"The timestamp server URL '{shown}' contains the control character U+{(int)value[index]:X4} at position {index + 1}; remove it (often a pasted line break or tab).",
                shown);
        }
    }

    private static void CheckNoUserInfo(Uri uri)
    {
        if (uri.UserInfo.Length > 0)
        {
            string shown = Display(uri);
            throw Invalid(
                $"The timestamp server URL '{shown}' contains credentials (user info before '@'); remove them. Timestamp servers are asked without authentication, and the URL appears in messages and logs.",
                shown);
        }
    }

    // For a value that is not a URL, so whose user info Uri cannot find: drops everything from
    // after the scheme up to the last '@' of the authority.
    private static string Redact(string value)
    {
        int authorityStart = value.IndexOf("://", StringComparison.Ordinal);
        authorityStart = authorityStart < 0 ? 0 : authorityStart + 3;
        int authorityEnd = value.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = value.Length;
        }

        int at = value.AsSpan(authorityStart, authorityEnd - authorityStart).LastIndexOf('@');
        return at < 0 ? value : value[..authorityStart] + value[(authorityStart + at + 1)..];
    }

    private static CodeSignException Invalid(string message, string target)
        => new(InvalidErrorId, FailureCategory.InvalidArgument, message, target);
}
