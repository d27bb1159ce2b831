using System.Text;

namespace CodeSignPS.Core.Reporting;

/// <summary>Escapes text for Markdown table cells and headings, as GitHub and Azure DevOps render them.</summary>
internal static class MarkdownText
{
    /// <summary>
    /// Escapes <paramref name="value"/> so that it shows as written inside one table cell: characters
    /// that Markdown or HTML would interpret are escaped, line breaks become <c>&lt;br&gt;</c>, other
    /// control characters become <c>[U+XXXX]</c>, and text past <paramref name="maxLength"/> characters is cut.
    /// </summary>
    public static string Cell(string value, int maxLength)
    {
        string text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\t', ' ').Trim('\n');
        if (text.Length > maxLength)
        {
            text = text[..maxLength] + "…";
        }

        string[] lines = text.Split('\n');
        return string.Join("<br>", lines.Select(Inline));
    }

    /// <summary>Escapes one line of inline text, including a leading character that would start a heading, list or quote.</summary>
    public static string Inline(string value)
    {
        string text = ReportText.ForSingleLine(value);
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char character in text)
        {
            switch (character)
            {
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '\\' or '`' or '|' or '*' or '_' or '[' or ']' or '~':
                    escaped.Append('\\').Append(character);
                    break;
                default:
                    escaped.Append(character);
                    break;
            }
        }

        return EscapeLeading(escaped.ToString());
    }

    // Block syntax only counts at the start of a line: a heading, list item, thematic break, setext
    // underline, or an ordered list marker such as "1.".
    private static string EscapeLeading(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (text[0] is '#' or '+' or '-' or '=' or '!')
        {
            return "\\" + text;
        }

        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        return digits > 0 && digits < text.Length && text[digits] is '.' or ')'
            ? text[..digits] + "\\" + text[digits..]
            : text;
    }
}
