namespace CodeSignPS.Core.Formats;

/// <summary>
/// How one kind of PowerShell script frames its signature block: every line of the block is
/// <see cref="LinePrefix"/>, a marker or 64 base64 characters, then <see cref="LineSuffix"/>.
/// </summary>
/// <param name="LinePrefix">Text that opens a comment line, for example <c>"# "</c>.</param>
/// <param name="LineSuffix">Text that closes a comment line, for example <c>" -->"</c>; empty for line comments.</param>
public sealed record ScriptSignatureFraming(string LinePrefix, string LineSuffix)
{
    /// <summary>Line comments of .ps1, .psm1 and .psd1 files.</summary>
    public static ScriptSignatureFraming HashComment { get; } = new("# ", "");

    /// <summary>XML comments of .ps1xml, .psc1 and .cdxml files.</summary>
    public static ScriptSignatureFraming XmlComment { get; } = new("<!-- ", " -->");

    /// <summary>C block comments of .mof files.</summary>
    public static ScriptSignatureFraming CComment { get; } = new("/* ", " */");

    /// <summary>Text between the comment delimiters of the first line of a signature block.</summary>
    public const string BeginMarker = "SIG # Begin signature block";

    /// <summary>Text between the comment delimiters of the last line of a signature block.</summary>
    public const string EndMarker = "SIG # End signature block";

    /// <summary>The first line of a block, without its line break.</summary>
    public string BeginMarkerLine => LinePrefix + BeginMarker + LineSuffix;

    /// <summary>The last line of a block, without its line break.</summary>
    public string EndMarkerLine => LinePrefix + EndMarker + LineSuffix;

    /// <summary>
    /// Returns the framing for a file extension such as <c>.ps1</c> (case-insensitive), or null when
    /// the extension is not a PowerShell script kind.
    /// </summary>
    public static ScriptSignatureFraming? ForExtension(string extension) => extension.ToLowerInvariant() switch
    {
        ".ps1" or ".psm1" or ".psd1" => HashComment,
        ".ps1xml" or ".psc1" or ".cdxml" => XmlComment,
        ".mof" => CComment,
        _ => null,
    };
}
