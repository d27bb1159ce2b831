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
            string printable = Redact(value);
            throw Invalid($"'{printable}' is not a timestamp server URL: expected an absolute http:// or https:// URL such as 'http://timestamp.example.com/tsa'.", printable);
        }

        CheckNoUserInfo(uri);
        return uri;
    }

    /// <summary>Checks a URL that a caller built as a <see cref="Uri"/>: the same rules as <see cref="Parse"/>.</summary>
    public static void Check(Uri? server)
    {
        if (server is null || !server.IsAbsoluteUri || !IsHttp(server))
        {
            string printable = server is null ? "(none)" : Redact(server.OriginalString);
            throw Invalid($"'{printable}' is not a timestamp server URL: expected an absolute http:// or https:// URL.", printable);
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

    // A pasted line break or tab is no part of the intended URL. Uri would escape it into the path
    // (%0A), so the request would go to another URL, and printed raw it would split the error message.
    private static void CheckNoControlCharacter(string value)
    {
        int index = value.AsSpan().IndexOfAnyInRange('\u0000', '\u001F');
        if (index < 0)
        {
            index = value.AsSpan().IndexOfAnyInRange('\u007F', '\u009F');
        }

        if (index >= 0)
        {
            string printable = Redact(string.Concat(value.Select(c => char.IsControl(c) ? '?' : c)));
            throw Invalid(
                $"The timestamp server URL '{printable}' contains the control character U+{(int)value[index]:X4} at position {index + 1}; remove it (often a pasted line break or tab).",
                printable);
        }
    }

    private static void CheckNoUserInfo(Uri uri)
    {
        if (uri.UserInfo.Length > 0)
        {
            string printable = Display(uri);
            throw Invalid(
                $"The timestamp server URL '{printable}' contains credentials (user info before '@'); remove them. Timestamp servers are asked without authentication, and the URL appears in messages and logs.",
                printable);
        }
    }

    // Removes what may be credentials from a value that Uri cannot parse: everything from after the
    // scheme up to the last '@' of the authority.
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
