namespace CodeSignPS.Core.Formats;

/// <summary>The byte order mark at the start of a script, which decides how Windows decodes it.</summary>
public enum ScriptByteOrderMark
{
    /// <summary>No byte order mark: the text is decoded by the ANSI code page.</summary>
    None,

    /// <summary>EF BB BF.</summary>
    Utf8,

    /// <summary>FF FE. A UTF-32LE mark (FF FE 00 00) also starts this way and is read as UTF-16LE.</summary>
    Utf16LittleEndian,

    /// <summary>FE FF.</summary>
    Utf16BigEndian,
}
