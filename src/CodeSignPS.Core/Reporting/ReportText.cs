using System.Globalization;
using System.Text;

namespace CodeSignPS.Core.Reporting;

/// <summary>Text clean-up that every report format needs.</summary>
internal static class ReportText
{
    /// <summary>
    /// Replaces each character that XML 1.0 forbids (control characters other than tab and line breaks,
    /// unpaired surrogates, U+FFFE and U+FFFF) with its code point written as <c>[U+001B]</c>, so that a
    /// file name or message holding one stays readable and the document stays well-formed.
    /// </summary>
    public static string ForXml(string value) => Replace(value, keepLineBreaks: true);

    /// <summary>As <see cref="ForXml"/>, but line breaks and tabs are replaced too.</summary>
    public static string ForSingleLine(string value) => Replace(value, keepLineBreaks: false);

    private static string Replace(string value, bool keepLineBreaks)
    {
        StringBuilder? builder = null;
        for (int index = 0; index < value.Length; index++)
        {
            char character = value[index];
            if (char.IsHighSurrogate(character) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]))
            {
                builder?.Append(character).Append(value[index + 1]);
                index++;
                continue;
            }

            if (IsAllowed(character, keepLineBreaks))
            {
                builder?.Append(character);
                continue;
            }

            builder ??= new StringBuilder(value, 0, index, value.Length + 16);
            builder.Append("[U+").Append(((int)character).ToString("X4", CultureInfo.InvariantCulture)).Append(']');
        }

        return builder?.ToString() ?? value;
    }

    private static bool IsAllowed(char character, bool keepLineBreaks)
    {
        if (character is '\t' or '\n' or '\r')
        {
            return keepLineBreaks;
        }

        return character >= ' ' && character != '\u007F' && !char.IsSurrogate(character) && character != '\uFFFE' && character != '\uFFFF';
    }
}
