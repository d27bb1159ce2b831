using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Tests.Formats;

/// <summary>Embed then Parse returns exactly the content bytes, for every encoding, line ending and kind.</summary>
public sealed class PowerShellScriptRoundTripTests
{
    public static TheoryData<string, string, string> Contents()
    {
        var data = new TheoryData<string, string, string>();
        string[] encodings = ["utf8", "utf8bom", "utf16le", "utf16be", "windows1252"];
        string[] textNames = ["lf", "crlf", "mixed", "no final newline", "trailing blank lines", "empty"];
        foreach (string extension in PowerShellScriptFormat.Extensions)
        {
            foreach (string encoding in encodings)
            {
                foreach (string textName in textNames)
                {
                    data.Add(extension, encoding, textName);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Contents))]
    public void Parse_EmbeddedContent_ReturnsOriginalBytes(string extension, string encoding, string textName)
    {
        PowerShellScriptFormat format = ScriptTestData.Format(extension);
        byte[] content = ScriptTestData.Encode(TextFor(textName), encoding);
        byte[] signature = ScriptTestData.FakeSignature();

        byte[] file = format.Embed(content, signature, FormatOptions.Default);
        ParsedArtifact parsed = format.Parse(file, FormatOptions.Default);

        Assert.Equal(content, parsed.Content.ToArray());
        Assert.Equal(signature, parsed.Signature);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xFE, 0xFF })]
    public void Parse_EmbeddedBomOnlyContent_ReturnsBom(byte[] bom)
    {
        PowerShellScriptFormat format = ScriptTestData.Format(".ps1");
        byte[] file = format.Embed(bom, ScriptTestData.FakeSignature(), FormatOptions.Default);

        ParsedArtifact parsed = format.Parse(file, FormatOptions.Default);

        Assert.Equal(bom, parsed.Content.ToArray());
        Assert.True(parsed.IsSigned);
    }

    [Theory]
    [InlineData(".ps1", "\r\n# SIG # Begin signature block\r\n# ", "\r\n# SIG # End signature block\r\n")]
    [InlineData(".ps1xml", "\r\n<!-- SIG # Begin signature block -->\r\n<!-- ", " -->\r\n<!-- SIG # End signature block -->\r\n")]
    [InlineData(".mof", "\r\n/* SIG # Begin signature block */\r\n/* ", " */\r\n/* SIG # End signature block */\r\n")]
    public void Embed_AnyKind_WritesWindowsFraming(string extension, string expectedStart, string expectedEnd)
    {
        byte[] file = ScriptTestData.Format(extension).Embed("x"u8.ToArray(), ScriptTestData.FakeSignature(100), FormatOptions.Default);
        string text = ScriptTestData.DecodeText(file);

        Assert.StartsWith("x" + expectedStart, text);
        Assert.EndsWith(expectedEnd, text);
    }

    [Fact]
    public void Embed_LongSignature_WritesLinesOf64Base64Characters()
    {
        byte[] signature = ScriptTestData.FakeSignature(1000);
        byte[] file = ScriptTestData.Format(".ps1").Embed(Array.Empty<byte>(), signature, FormatOptions.Default);

        string[] lines = ScriptTestData.DecodeText(file).Split("\r\n")[2..^2];

        Assert.All(lines[..^1], line => Assert.Equal(2 + 64, line.Length));
        Assert.Equal(Convert.ToBase64String(signature), string.Concat(lines.Select(line => line[2..])));
    }

    [Theory]
    [InlineData("utf16le")]
    [InlineData("utf16be")]
    public void Embed_Utf16Content_WritesUtf16Block(string encoding)
    {
        PowerShellScriptFormat format = ScriptTestData.Format(".ps1");
        byte[] content = ScriptTestData.Encode("$x = 1\r\n", encoding);

        byte[] file = format.Embed(content, ScriptTestData.FakeSignature(), FormatOptions.Default);

        Assert.Equal(0, file.Length % 2);
        Assert.EndsWith("# SIG # End signature block\r\n", ScriptTestData.DecodeText(file));
    }

    [Fact]
    public void Embed_OddLengthUtf16Content_ThrowsScriptEncodingInvalid()
    {
        byte[] content = [0xFF, 0xFE, 0x41, 0x00, 0x42];

        var exception = Assert.Throws<CodeSignException>(() =>
            ScriptTestData.Format(".ps1").Embed(content, ScriptTestData.FakeSignature(), FormatOptions.Default));

        Assert.Equal("ScriptEncodingInvalid", exception.ErrorId);
    }

    [Fact]
    public void Parse_ResignedContent_HasExactlyOneBlock()
    {
        PowerShellScriptFormat format = ScriptTestData.Format(".psm1");
        byte[] first = format.Embed("function f { }\r\n"u8.ToArray(), ScriptTestData.FakeSignature(seed: 1), FormatOptions.Default);
        ParsedArtifact parsed = format.Parse(first, FormatOptions.Default);
        byte[] second = format.Embed(parsed.Content, ScriptTestData.FakeSignature(seed: 2), FormatOptions.Default);

        string text = ScriptTestData.DecodeText(second);

        Assert.Single(text.Split("# SIG # Begin signature block")[1..]);
        Assert.Equal("function f { }\r\n"u8.ToArray(), format.Parse(second, FormatOptions.Default).Content.ToArray());
    }

    private static string TextFor(string name) => name switch
    {
        "lf" => "Write-Host 'caf\u00e9'\n$x = 1\n",
        "crlf" => "Write-Host 'caf\u00e9'\r\n$x = 1\r\n",
        "mixed" => "Write-Host 'a'\r\n$x = 1\n\r\n# last\r",
        "no final newline" => "Write-Host 'caf\u00e9'\r\n$x = 1",
        "trailing blank lines" => "$x = 1\r\n\r\n\r\n",
        _ => "",
    };
}
