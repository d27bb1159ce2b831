using System.Text;

namespace CodeSignPS.PipelineYaml;

/// <summary>One piece of YAML text: a whole file, or one fenced yaml block of a Markdown file.</summary>
/// <param name="File">The file the text comes from.</param>
/// <param name="Line">The 1-based line of <paramref name="File"/> where the YAML text starts.</param>
internal sealed record YamlSource(string File, int Line, string Text)
{
    /// <summary>The YAML of <paramref name="path"/>: each yaml block of a .md file, else the whole file.</summary>
    public static IEnumerable<YamlSource> Read(string path)
    {
        string[] lines = System.IO.File.ReadAllLines(path);
        if (!path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return [new YamlSource(path, 1, string.Join('\n', lines))];
        }

        return ReadMarkdownBlocks(path, lines);
    }

    private static List<YamlSource> ReadMarkdownBlocks(string path, string[] lines)
    {
        var blocks = new List<YamlSource>();
        for (int index = 0; index < lines.Length; index++)
        {
            string opening = lines[index].Trim();
            if (opening != "```yaml" && opening != "```yml")
            {
                continue;
            }

            // A block that never closes runs to the end of the file. It then fails to parse or
            // contains text that is not the guide's, and the tests report either case.
            var text = new StringBuilder();
            int start = index + 2;
            for (index++; index < lines.Length && lines[index].Trim() != "```"; index++)
            {
                text.Append(lines[index]).Append('\n');
            }

            blocks.Add(new YamlSource(path, start, text.ToString()));
        }

        return blocks;
    }
}
