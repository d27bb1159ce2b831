using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace CodeSignPS;

/// <summary>
/// Lets -Encoding take an <see cref="Encoding"/>, a code page number (1252), or a name: a .NET or
/// IANA name ('windows-1252', 'iso-8859-1') or one of PowerShell's -Encoding names ('utf8',
/// 'unicode', 'ansi'). The encoding only decides how script text without a byte order mark is read.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EncodingTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        Encoding? result = value switch
        {
            null => null,
            Encoding encoding => encoding,
            int codePage => FromCodePage(codePage, value),
            string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int codePage) => FromCodePage(codePage, text),
            string name => FromName(name.Trim()),
            _ => throw new ArgumentTransformationMetadataException(
                $"Cannot use a value of type {value.GetType().FullName} as an encoding. Give an Encoding object, a code page number or an encoding name such as 'windows-1252'."),
        };
        return RejectWideEncoding(result);
    }

    // A file without a byte order mark is read byte by byte, as Windows reads it with an ANSI code
    // page; UTF-16 and UTF-32 text always starts with a byte order mark in a script that Windows accepts.
    private static Encoding? RejectWideEncoding(Encoding? encoding)
    {
        if (encoding?.CodePage is 1200 or 1201 or 12000 or 12001)
        {
            throw new ArgumentTransformationMetadataException(
                $"'{encoding.WebName}' cannot be the encoding of a script without a byte order mark. -Encoding names the ANSI code page such a file is read with; give one such as 'windows-1252', 'utf8' or a code page number.");
        }

        return encoding;
    }

    private static Encoding FromName(string name)
    {
        Encoding? known = FromPowerShellName(name);
        if (known is not null)
        {
            return known;
        }

        try
        {
            RegisterCodePages();
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentTransformationMetadataException(
                $"'{name}' is not an encoding name that .NET knows. Give a name such as 'windows-1252', 'utf8' or 'iso-8859-1', or a code page number such as 1252.",
                exception);
        }
    }

    /// <summary>Returns the encoding for one of the names PowerShell's own -Encoding parameters take, or null.</summary>
    private static Encoding? FromPowerShellName(string name)
    {
        switch (name.ToUpperInvariant())
        {
            case "UTF8":
            case "UTF8BOM":
            case "UTF8NOBOM":
                return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            case "UNICODE":
                return Encoding.Unicode;
            case "BIGENDIANUNICODE":
                return Encoding.BigEndianUnicode;
            case "UTF32":
                return Encoding.UTF32;
            case "ASCII":
                return Encoding.ASCII;
            case "LATIN1":
                return Encoding.Latin1;
            case "ANSI":
                return FromCodePage(CultureInfo.CurrentCulture.TextInfo.ANSICodePage, name);
            case "OEM":
                return FromCodePage(CultureInfo.CurrentCulture.TextInfo.OEMCodePage, name);
            default:
                return null;
        }
    }

    private static Encoding FromCodePage(int codePage, object input)
    {
        try
        {
            RegisterCodePages();
            return Encoding.GetEncoding(codePage);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            throw new ArgumentTransformationMetadataException(
                $"Code page {codePage} (from '{input}') is not available in .NET. Give a code page such as 1252 or a name such as 'windows-1252'.",
                exception);
        }
    }

    // Windows code pages such as 1252 are available on .NET only after this provider is registered.
    // Registering happens here rather than at import so that loading the module stays cheap;
    // registering the same provider again has no effect.
    private static void RegisterCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
