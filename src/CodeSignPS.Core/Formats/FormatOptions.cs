using System.Text;

namespace CodeSignPS.Core.Formats;

/// <summary>Options that change how a format reads text.</summary>
public sealed record FormatOptions
{
    /// <summary>Default options: BOM-less scripts are read as Windows-1252.</summary>
    public static FormatOptions Default { get; } = new();

    /// <summary>
    /// Encoding for script content that has no byte order mark; null means the Windows ANSI code
    /// page that PowerShell's SIP assumes on an en-US machine (Windows-1252).
    /// </summary>
    public Encoding? ScriptEncoding { get; init; }
}
