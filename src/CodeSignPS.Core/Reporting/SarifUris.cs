using System.Text;

namespace CodeSignPS.Core.Reporting;

/// <summary>
/// Builds the URIs of SARIF artifact locations (SARIF 2.1.0 section 3.4.3: RFC 3986 URI references):
/// a relative reference for files under the run's root, resolved against the <see cref="RootBaseId"/>
/// base, else an absolute <c>file</c> URI.
/// </summary>
internal static class SarifUris
{
    /// <summary>The uriBaseId of locations relative to the run's root.</summary>
    public const string RootBaseId = "ROOT";

    /// <summary>The <c>file</c> URI of <paramref name="folder"/>, ending with <c>/</c> as a base URI must.</summary>
    public static string FolderUri(string folder)
    {
        string uri = FileUri(Path.GetFullPath(folder));
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    /// <summary>
    /// The location of <paramref name="path"/>: relative to <paramref name="root"/> with the root's base
    /// id when it is under it, else an absolute <c>file</c> URI and no base id.
    /// </summary>
    public static (string Uri, string? BaseId) Locate(string path, string? root)
    {
        string display = ReportItems.DisplayPath(path, root);
        return Path.IsPathRooted(display)
            ? (FileUri(display), null)
            : (EncodePath(display), RootBaseId);
    }

    /// <summary>The <c>file</c> URI of a full path: <c>file:///srv/a%20b.ps1</c>, <c>file:///C:/a.ps1</c>, <c>file://server/share/a.ps1</c>.</summary>
    public static string FileUri(string fullPath)
    {
        string path = fullPath.Replace('\\', '/');
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            // A UNC path: the server is the URI's authority.
            int end = path.IndexOf('/', 2);
            string server = end < 0 ? path[2..] : path[2..end];
            string rest = end < 0 ? "/" : path[end..];
            return "file://" + EncodePath(server) + EncodePath(rest);
        }

        if (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]))
        {
            // A Windows drive letter keeps its colon: file:///C:/folder/file.
            return "file:///" + path[..2] + EncodePath(path[2..]);
        }

        return "file://" + EncodePath(path.StartsWith('/') ? path : "/" + path);
    }

    /// <summary>
    /// Percent-encodes a <c>/</c>-separated path: every byte of its UTF-8 form other than RFC 3986's
    /// unreserved characters and the separators, so spaces, <c>%</c>, <c>#</c>, <c>?</c>, <c>:</c> and
    /// non-ASCII letters survive as data.
    /// </summary>
    public static string EncodePath(string path)
    {
        var encoded = new StringBuilder(path.Length + 16);
        foreach (byte value in Encoding.UTF8.GetBytes(path))
        {
            char character = (char)value;
            if (character == '/' || char.IsAsciiLetterOrDigit(character) || character is '-' or '.' or '_' or '~')
            {
                encoded.Append(character);
            }
            else
            {
                encoded.Append('%').Append(value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
