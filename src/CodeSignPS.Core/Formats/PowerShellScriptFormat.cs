using System.Security.Cryptography;
using CodeSignPS.Core.Authenticode;

namespace CodeSignPS.Core.Formats;

/// <summary>
/// PowerShell scripts and the other text kinds that Windows' PowerShell SIP signs (.ps1, .psm1,
/// .psd1, .ps1xml, .psc1, .cdxml, .mof). The signature is a base64 comment block at the end of
/// the file. The digest covers the text before it, hashed as UTF-16LE.
/// </summary>
public sealed class PowerShellScriptFormat : ArtifactFormat
{
    /// <summary>The extensions this format handles, lower case with the leading dot.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".ps1", ".psm1", ".psd1", ".ps1xml", ".psc1", ".cdxml", ".mof"];

    private static readonly byte[] PowerShellSipInfo = SpcSipInfo.EncodePowerShell();

    private PowerShellScriptFormat(string extension, ScriptSignatureFraming framing)
    {
        Extension = extension;
        Framing = framing;
    }

    /// <inheritdoc/>
    public override string Name => "PowerShellScript";

    /// <summary>The script kind's extension, lower case with the leading dot, for example <c>.ps1</c>.</summary>
    public string Extension { get; }

    /// <summary>How this kind frames the lines of its signature block.</summary>
    public ScriptSignatureFraming Framing { get; }

    /// <summary>Returns the format for an extension such as <c>.PS1</c>, or null when it is not a script kind.</summary>
    /// <inheritdoc/>
    public override bool IsText => true;

    public static PowerShellScriptFormat? TryCreate(string extension)
    {
        ScriptSignatureFraming? framing = ScriptSignatureFraming.ForExtension(extension);
        return framing is null ? null : new PowerShellScriptFormat(extension.ToLowerInvariant(), framing);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The content ends before the line break that precedes the begin marker line, so for a file this
    /// format embedded it is exactly the content that was given to <see cref="Embed"/>.
    /// </remarks>
    public override ParsedArtifact Parse(ReadOnlyMemory<byte> file, FormatOptions options) =>
        ScriptSignatureBlockReader.Read(file, Framing);

    /// <inheritdoc/>
    /// <remarks>
    /// A byte order mark selects UTF-8, UTF-16LE or UTF-16BE and is hashed as U+FEFF; without one the
    /// bytes are decoded by <see cref="FormatOptions.ScriptEncoding"/>, or Windows-1252 when it is
    /// null, even when they are valid UTF-8. Line endings are hashed as they are.
    /// </remarks>
    public override byte[] ComputeDigest(ReadOnlyMemory<byte> content, HashAlgorithmName hashAlgorithm, FormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ScriptDigest.Compute(content.Span, hashAlgorithm, options);
    }

    /// <inheritdoc/>
    /// <remarks>The data is an SpcSipInfo naming the PowerShell SIP, as Windows writes it.</remarks>
    public override byte[] CreateIndirectData(ReadOnlySpan<byte> digest, HashAlgorithmName hashAlgorithm) =>
        SpcIndirectDataContent.Encode(AuthenticodeOids.SpcSipInfo, PowerShellSipInfo, hashAlgorithm, digest);

    /// <inheritdoc/>
    /// <remarks>The block is written in the content's encoding: UTF-16 content gets a UTF-16 block.</remarks>
    public override byte[] Embed(ReadOnlyMemory<byte> content, ReadOnlySpan<byte> signature, FormatOptions options) =>
        ScriptSignatureBlockWriter.Write(content.Span, signature, Framing);
}
