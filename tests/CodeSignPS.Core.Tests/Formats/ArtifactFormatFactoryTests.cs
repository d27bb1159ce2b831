using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Tests.Formats;

public sealed class ArtifactFormatFactoryTests
{
    [Theory]
    [InlineData("script.ps1", ".ps1", "# ")]
    [InlineData("/a/b/Module.PSM1", ".psm1", "# ")]
    [InlineData("Module.psd1", ".psd1", "# ")]
    [InlineData("types.Format.Ps1Xml", ".ps1xml", "<!-- ")]
    [InlineData("console.psc1", ".psc1", "<!-- ")]
    [InlineData("cim.CDXML", ".cdxml", "<!-- ")]
    [InlineData("schema.mof", ".mof", "/* ")]
    public void TryGetFormat_ScriptExtension_ReturnsScriptFormat(string path, string extension, string linePrefix)
    {
        var format = Assert.IsType<PowerShellScriptFormat>(ArtifactFormatFactory.TryGetFormat(path));

        Assert.Equal(extension, format.Extension);
        Assert.Equal(linePrefix, format.Framing.LinePrefix);
        Assert.Equal("PowerShellScript", format.Name);
    }

    [Theory]
    [InlineData("readme.txt")]
    [InlineData("noextension")]
    [InlineData("script.ps1.bak")]
    [InlineData("archive.ps")]
    [InlineData(".ps1x")]
    [InlineData("")]
    public void TryGetFormat_OtherExtension_ReturnsNull(string path)
    {
        Assert.Null(ArtifactFormatFactory.TryGetFormat(path));
    }
}
