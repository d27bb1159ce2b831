using System.Formats.Asn1;

namespace CodeSignPS.Core.Formats;

/// <summary>
/// Finds the signature block at the end of a script and splits the file into content and signature.
/// Only a block that ends the file counts: marker text followed by more script (a here-string, a
/// comment) is part of the content. Every scan is bounded by the maximum block size.
/// </summary>
internal static class ScriptSignatureBlockReader
{
    /// <summary>Largest signature accepted, far above the 10 to 30 KB of real signatures with chains and timestamps.</summary>
    public const int MaxSignatureBytes = 1024 * 1024;

    /// <summary>Longest base64 text on one block line; Windows and osslsigncode write 64.</summary>
    public const int MaxBase64CharsPerLine = 256;

    private const int MaxBase64Chars = (MaxSignatureBytes + 2) / 3 * 4;

    public static ParsedArtifact Read(ReadOnlyMemory<byte> file, ScriptSignatureFraming framing)
    {
        var units = new ScriptCodeUnits(file.Span, ScriptTextEncoding.DetectByteOrderMark(file.Span));
        var scanner = new LineScanner(units, framing);

        int end = units.Length;
        while (end > scanner.Floor && units[end - 1] is '\r' or '\n')
        {
            end--;
        }

        int lastStart = scanner.LineStart(end);
        if (end == scanner.Floor || lastStart < 0)
        {
            return new ParsedArtifact(file, null);
        }

        if (!units.Equals(lastStart, end, framing.EndMarkerLine))
        {
            scanner.ThrowIfUnterminatedBlock(lastStart, end);
            return new ParsedArtifact(file, null);
        }

        if (units.HasTrailingByte)
        {
            throw new MalformedSignatureException(
                $"The file is UTF-16 text with an odd number of bytes ({file.Length}); a signed UTF-16 script has whole 2-byte code units. Remove the stray byte and sign the file again.");
        }

        (int contentEnd, byte[] signature) = scanner.ReadBlock(lastStart);
        return new ParsedArtifact(file[..(contentEnd * units.UnitSize)], signature);
    }

    /// <summary>Walks lines backwards from the end of the file.</summary>
    private readonly ref struct LineScanner
    {
        private readonly ScriptCodeUnits _units;
        private readonly ScriptSignatureFraming _framing;
        private readonly int _maxLineUnits;

        public LineScanner(ScriptCodeUnits units, ScriptSignatureFraming framing)
        {
            _units = units;
            _framing = framing;
            _maxLineUnits = framing.LinePrefix.Length + framing.LineSuffix.Length
                + Math.Max(MaxBase64CharsPerLine, ScriptSignatureFraming.BeginMarker.Length);
            Floor = Math.Min(units.ByteOrderMarkUnits, units.Length);
        }

        /// <summary>First unit that can belong to a line: the one after the byte order mark.</summary>
        public int Floor { get; }

        /// <summary>
        /// Returns the start of the line that ends at <paramref name="end"/>, or -1 when the line is
        /// longer than any signature block line, which ends the search.
        /// </summary>
        public int LineStart(int end)
        {
            int limit = Math.Max(Floor, end - _maxLineUnits - 1);
            for (int i = end - 1; i >= limit; i--)
            {
                if (_units[i] == '\n')
                {
                    return i + 1;
                }
            }

            return limit == Floor ? Floor : -1;
        }

        /// <summary>Returns the start and end of the line before the one at <paramref name="lineStart"/>.</summary>
        public (int Start, int End) PreviousLine(int lineStart)
        {
            int end = lineStart - 1;
            if (end > Floor && _units[end - 1] == '\r')
            {
                end--;
            }

            return (LineStart(end), end);
        }

        public bool IsBase64Line(int start, int end)
        {
            if (!_units.IsFramed(start, end, _framing.LinePrefix, _framing.LineSuffix))
            {
                return false;
            }

            int first = start + _framing.LinePrefix.Length;
            int last = end - _framing.LineSuffix.Length;
            if (last <= first || last - first > MaxBase64CharsPerLine)
            {
                return false;
            }

            for (int i = first; i < last; i++)
            {
                if (!IsBase64Char(_units[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Throws when the file ends inside a signature block: a begin marker followed only by base64
        /// lines and perhaps a cut-off last line, with no end marker.
        /// </summary>
        public void ThrowIfUnterminatedBlock(int lastStart, int lastEnd)
        {
            if (!_units.IsFramed(lastStart, lastEnd, _framing.LinePrefix, ""))
            {
                return;
            }

            int start = lastStart;
            int end = lastEnd;
            long base64Chars = 0;
            while (base64Chars <= MaxBase64Chars)
            {
                if (_units.Equals(start, end, _framing.BeginMarkerLine))
                {
                    throw new MalformedSignatureException(
                        $"The signature block that begins at byte offset {start * _units.UnitSize} has no end marker " +
                        $"'{_framing.EndMarkerLine}' before the end of the file, so the file was cut short. Restore it or sign it again.");
                }

                if (start <= Floor || (start != lastStart && !IsBase64Line(start, end)))
                {
                    return;
                }

                base64Chars += end - start;
                (start, end) = PreviousLine(start);
                if (start < 0)
                {
                    return;
                }
            }
        }

        /// <summary>
        /// Reads the block whose end marker line starts at <paramref name="endMarkerStart"/> and returns
        /// where the content ends (the line break before the begin marker belongs to the block) and
        /// the decoded signature.
        /// </summary>
        public (int ContentEnd, byte[] Signature) ReadBlock(int endMarkerStart)
        {
            var lines = new List<(int Start, int End)>();
            long base64Chars = 0;
            int lineStart = endMarkerStart;
            while (true)
            {
                if (lineStart <= Floor)
                {
                    throw new MalformedSignatureException(
                        $"The file ends with the signature end marker '{_framing.EndMarkerLine}' but has no begin marker " +
                        $"'{_framing.BeginMarkerLine}' before it. Restore the file or sign it again.");
                }

                (int start, int end) = PreviousLine(lineStart);
                if (start >= 0 && _units.Equals(start, end, _framing.BeginMarkerLine))
                {
                    lineStart = start;
                    break;
                }

                if (start < 0 || !IsBase64Line(start, end))
                {
                    int shownStart = start < 0 ? end - 40 : start;
                    throw new MalformedSignatureException(
                        $"The signature block contains a line that is not '{_framing.LinePrefix}<base64>{_framing.LineSuffix}' at byte offset " +
                        $"{shownStart * _units.UnitSize}: found '{_units.Describe(shownStart, end)}'. Remove the block and sign the file again.");
                }

                base64Chars += end - start - _framing.LinePrefix.Length - _framing.LineSuffix.Length;
                if (base64Chars > MaxBase64Chars)
                {
                    throw new MalformedSignatureException(
                        $"The signature block holds more than {MaxBase64Chars} base64 characters, more than a {MaxSignatureBytes}-byte signature; " +
                        "the block is not a valid signature. Remove it and sign the file again.");
                }

                lines.Add((start, end));
                lineStart = start;
            }

            if (lines.Count == 0)
            {
                throw new MalformedSignatureException("The signature block has no base64 lines between its begin and end markers. Sign the file again.");
            }

            int contentEnd = ContentEndBefore(lineStart);
            ThrowIfAnotherBlockEndsAt(contentEnd);
            try
            {
                return (contentEnd, DecodeSignature(lines, (int)base64Chars));
            }
            catch (MalformedSignatureException ex)
            {
                // The markers are intact, so the content's end is known even though the signature is not.
                throw new MalformedSignatureException(ex.Message) { IntactContentLength = contentEnd * _units.UnitSize };
            }
        }

        private int ContentEndBefore(int beginMarkerStart)
        {
            int end = beginMarkerStart;
            if (end > Floor && _units[end - 1] == '\n')
            {
                end--;
                if (end > Floor && _units[end - 1] == '\r')
                {
                    end--;
                }
            }

            return end;
        }

        private void ThrowIfAnotherBlockEndsAt(int contentEnd)
        {
            int end = contentEnd;
            int limit = Math.Max(Floor, contentEnd - _maxLineUnits);
            while (end > limit && _units[end - 1] is '\r' or '\n')
            {
                end--;
            }

            int start = LineStart(end);
            if (start >= 0 && end > Floor && _units.Equals(start, end, _framing.EndMarkerLine))
            {
                throw new MalformedSignatureException(
                    $"The file has two signature blocks: another one ends at byte offset {end * _units.UnitSize}, just before the last one. " +
                    "Remove both blocks and sign the file again.");
            }
        }

        private byte[] DecodeSignature(List<(int Start, int End)> lines, int base64Chars)
        {
            var base64 = new char[base64Chars];
            int written = 0;
            for (int i = lines.Count - 1; i >= 0; i--)
            {
                int first = lines[i].Start + _framing.LinePrefix.Length;
                int last = lines[i].End - _framing.LineSuffix.Length;
                for (int j = first; j < last; j++)
                {
                    base64[written++] = _units[j];
                }
            }

            var signature = new byte[base64Chars / 4 * 3 + 3];
            if (!Convert.TryFromBase64Chars(base64, signature, out int length))
            {
                throw new MalformedSignatureException(
                    $"The signature block is not valid base64 ({base64Chars} characters; the length or the '=' padding is wrong). Sign the file again.");
            }

            if (!AsnDecoder.TryReadEncodedValue(signature.AsSpan(0, length), AsnEncodingRules.BER, out _, out _, out _, out int consumed)
                || consumed != length)
            {
                throw new MalformedSignatureException(
                    $"The signature block decodes to {length} bytes that are not one complete DER value (truncated or followed by extra bytes). Sign the file again.");
            }

            return signature.AsSpan(0, length).ToArray();
        }

        private static bool IsBase64Char(char c) =>
            c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '=';
    }
}
