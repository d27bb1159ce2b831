using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CodeSignPS.Core.Pipeline;

/// <summary>
/// Makes text safe for a pipeline job's log, where the runner reads some lines as commands: the Azure
/// Pipelines agent runs a <c>##vso[</c> found anywhere in a line, and the GitHub runner runs a line
/// that starts with <c>::</c> after leading white space. A file name can hold either, after a line
/// break of its own, and every message, verbose line and prompt that quotes the name would carry it.
/// </summary>
/// <remarks>
/// The text keeps its line breaks and reads the same to a person, with three changes:
/// each control character other than tab, carriage return and line feed is written as its code
/// point, <c>[U+001B]</c>, as the reports do; the first <c>#</c> of each <c>##vso[</c> (in any case)
/// is written as <c>[U+0023]</c>; and the first <c>:</c> of a <c>::</c> that starts a line after white
/// space is written as <c>[U+003A]</c>. The result is never read as a command, and making it safe
/// again changes nothing. The module's own command lines are built by <see cref="PipelineCommands"/>
/// and written without passing through here.
/// </remarks>
public static partial class JobLogText
{
    /// <summary>The text with control characters and runner commands written as code points; null becomes empty.</summary>
    public static string MakeSafe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string visible = ShowControlCharacters(text);
        string azure = AzureCommand().Replace(visible, "[U+0023]");
        return GitHubCommand().Replace(azure, "[U+003A]");
    }

    /// <summary>Whether <paramref name="text"/> is already safe, so callers can keep the original object.</summary>
    public static bool IsSafe(string? text) => string.Equals(text ?? string.Empty, MakeSafe(text), StringComparison.Ordinal);

    private static string ShowControlCharacters(string text)
    {
        StringBuilder? builder = null;
        for (int index = 0; index < text.Length; index++)
        {
            char character = text[index];
            if (!char.IsControl(character) || character is '\t' or '\r' or '\n')
            {
                builder?.Append(character);
                continue;
            }

            builder ??= new StringBuilder(text, 0, index, text.Length + 16);
            builder.Append("[U+").Append(((int)character).ToString("X4", CultureInfo.InvariantCulture)).Append(']');
        }

        return builder?.ToString() ?? text;
    }

    // The '#' that is followed by '#vso[': in "###vso[" that is the second one, which leaves "#[U+0023]#vso[".
    [GeneratedRegex(@"#(?=#vso\[)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AzureCommand();

    // A ':' followed by ':' with only white space between it and the start of the text or a line break.
    // The runner reads its output line by line, ending a line at a carriage return or a line feed.
    [GeneratedRegex(@"(?<=(?:^|[\r\n])[^\S\r\n]*):(?=:)", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubCommand();
}
