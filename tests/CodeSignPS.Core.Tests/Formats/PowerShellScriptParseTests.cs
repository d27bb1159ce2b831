using System.Text;
using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Tests.Formats;

public sealed class PowerShellScriptParseTests
{
    private static readonly PowerShellScriptFormat Ps1 = ScriptTestData.Format(".ps1");

    private static string Block(byte[]? signature = null) =>
        Encoding.ASCII.GetString(Ps1.Embed(Array.Empty<byte>(), signature ?? ScriptTestData.FakeSignature(), FormatOptions.Default));

    private static ParsedArtifact Parse(string text, string extension = ".ps1") =>
        ScriptTestData.Format(extension).Parse(Encoding.ASCII.GetBytes(text), FormatOptions.Default);

    // ---- unsigned files ----

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("Write-Host 'hi'")]
    [InlineData("# just a comment\r\n# Done\r\n")]
    public void Parse_NoBlock_ReturnsWholeFileUnsigned(string text)
    {
        ParsedArtifact parsed = Parse(text);

        Assert.False(parsed.IsSigned);
        Assert.Equal(Encoding.ASCII.GetBytes(text), parsed.Content.ToArray());
    }

    [Fact]
    public void Parse_MarkersInHereStringFollowedByCode_ReturnsUnsigned()
    {
        string text = "$text = @'" + Block() + "'@\r\nWrite-Host $text\r\n";

        ParsedArtifact parsed = Parse(text);

        Assert.False(parsed.IsSigned);
    }

    [Fact]
    public void Parse_MarkerCommentFollowedByCode_ReturnsUnsigned()
    {
        string text = "# SIG # Begin signature block\r\n# QUJD\r\nWrite-Host 1\r\n";

        Assert.False(Parse(text).IsSigned);
    }

    [Fact]
    public void Parse_HereStringBlockBeforeRealBlock_KeepsHereStringInContent()
    {
        string content = "$text = @'" + Block(ScriptTestData.FakeSignature(seed: 7)) + "'@\r\n";
        byte[] signature = ScriptTestData.FakeSignature(seed: 8);

        ParsedArtifact parsed = Parse(content + Block(signature));

        Assert.Equal(content, Encoding.ASCII.GetString(parsed.Content.Span));
        Assert.Equal(signature, parsed.Signature);
    }

    // ---- lenient reading ----

    [Fact]
    public void Parse_BlockWithLfLineEndings_ReadsSignature()
    {
        byte[] signature = ScriptTestData.FakeSignature();
        string text = "$x = 1" + Block(signature).Replace("\r\n", "\n");

        ParsedArtifact parsed = Parse(text);

        Assert.Equal("$x = 1", Encoding.ASCII.GetString(parsed.Content.Span));
        Assert.Equal(signature, parsed.Signature);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("\n")]
    public void Parse_BlockWithOtherTrailingLineBreaks_ReadsSignature(string trailing)
    {
        string text = "$x = 1" + Block().TrimEnd() + trailing;

        Assert.True(Parse(text).IsSigned);
    }

    [Fact]
    public void Parse_OtherKindsFraming_ReturnsUnsigned()
    {
        string text = "<a/>" + Block();

        Assert.False(Parse(text, ".ps1xml").IsSigned);
    }

    // ---- malformed blocks ----

    public static TheoryData<string, string, string> MalformedBlocks()
    {
        string block = Block();
        string[] lines = block.Split("\r\n");
        string firstLine = lines[2];
        return new TheoryData<string, string, string>
        {
            { "bad base64 character", block.Replace(firstLine, "# MII*" + firstLine[6..]), "is not '# <base64>'" },
            { "bad base64 padding", block.Replace(firstLine, firstLine + "A"), "not valid base64" },
            { "no end marker (cut short)", block[..block.IndexOf("# SIG # End", StringComparison.Ordinal)], "has no end marker" },
            { "cut inside a line", block[..(block.IndexOf(firstLine, StringComparison.Ordinal) + 10)], "has no end marker" },
            { "only a begin marker at the end", "\r\n# SIG # Begin signature block\r\n", "has no end marker" },
            { "end marker without begin", block.Replace("# SIG # Begin signature block\r\n", ""), "is not '# <base64>'" },
            { "only an end marker", "$x\r\n# SIG # End signature block\r\n", "is not '# <base64>'" },
            { "two blocks", block + block, "two signature blocks" },
            { "two blocks and a blank line", block + "\r\n" + block, "two signature blocks" },
            { "code line inside", block.Replace(firstLine, firstLine + "\r\nWrite-Host 1"), "found 'Write-Host 1'" },
            { "empty line inside", block.Replace(firstLine, firstLine + "\r\n"), "is not '# <base64>'" },
            { "no base64 lines", "\r\n# SIG # Begin signature block\r\n# SIG # End signature block\r\n", "no base64 lines" },
            { "truncated DER", block.Replace(firstLine, "# AAAA"), "not one complete DER value" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedBlocks))]
    public void Parse_MalformedBlock_ThrowsWithReason(string description, string text, string reason)
    {
        var exception = Assert.Throws<MalformedSignatureException>(() => Parse("Write-Host 1" + text));

        Assert.True(exception.Message.Contains(reason, StringComparison.Ordinal), $"{description}: {exception.Message}");
        Assert.Equal("MalformedSignature", exception.ErrorId);
    }

    [Theory]
    [InlineData("# SIG # End signature block")]
    [InlineData("# QUJD\r\n# SIG # End signature block\r\n")]
    public void Parse_EndMarkerAtFileStart_ThrowsNoBeginMarker(string text)
    {
        var exception = Assert.Throws<MalformedSignatureException>(() => Parse(text));

        Assert.Contains("has no begin marker", exception.Message);
    }

    [Fact]
    public void Parse_OddLengthUtf16WithBlock_ThrowsMalformed()
    {
        byte[] file = Ps1.Embed(ScriptTestData.Encode("$x", "utf16le"), ScriptTestData.FakeSignature(), FormatOptions.Default);

        byte[] withStrayByte = [.. file, 0x41];

        Assert.Throws<MalformedSignatureException>(() => Ps1.Parse(withStrayByte, FormatOptions.Default));
    }

    [Fact]
    public void Parse_OversizedBlock_ThrowsMalformed()
    {
        string line = "# " + new string('A', 64) + "\r\n";
        var text = new StringBuilder("\r\n# SIG # Begin signature block\r\n");
        for (int i = 0; i < 1024 * 1024 / 48 + 10; i++)
        {
            text.Append(line);
        }

        text.Append("# SIG # End signature block\r\n");

        var exception = Assert.Throws<MalformedSignatureException>(() => Parse(text.ToString()));

        Assert.Contains("more than", exception.Message);
    }

    // ---- hostile input ----

    [Fact]
    public void Parse_RandomBytes_ReturnsOrThrowsMalformed()
    {
        var random = new Random(20240601);
        for (int i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            ParseOrMalformed(bytes, PowerShellScriptFormat.Extensions[i % PowerShellScriptFormat.Extensions.Count]);
        }
    }

    [Fact]
    public void Parse_MutatedRealBlocks_ReturnsOrThrowsMalformed()
    {
        string block = Block();
        var random = new Random(42);
        for (int i = 0; i < 1000; i++)
        {
            char[] text = ("$x = 1" + block).ToCharArray();
            int position = random.Next(text.Length);
            text[position] = "\r\n#A=/ *-<>"[random.Next(11)];
            byte[] bytes = Encoding.ASCII.GetBytes(text[..random.Next(position, text.Length + 1)]);
            ParseOrMalformed(bytes, ".ps1");
        }
    }

    [Theory]
    [InlineData(50_000_000, (byte)'A')]
    [InlineData(50_000_000, (byte)'\n')]
    [InlineData(50_000_000, (byte)'#')]
    public void Parse_HugeUniformFile_ReturnsOrThrowsMalformed(int size, byte fill)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, fill);

        ParseOrMalformed(bytes, ".ps1");
    }

    [Fact]
    public void Parse_HugeCommentTailWithEndMarker_ThrowsMalformed()
    {
        string line = "# " + new string('Q', 64) + "\r\n";
        string text = string.Concat(Enumerable.Repeat(line, 200_000)) + "# SIG # End signature block\r\n";

        Assert.Throws<MalformedSignatureException>(() => Parse(text));
    }

    private static void ParseOrMalformed(byte[] bytes, string extension)
    {
        try
        {
            ParsedArtifact parsed = ScriptTestData.Format(extension).Parse(bytes, FormatOptions.Default);
            Assert.True(parsed.Content.Length <= bytes.Length);
        }
        catch (MalformedSignatureException)
        {
            // A precise rejection is an acceptable outcome for damaged input.
        }
    }
}
