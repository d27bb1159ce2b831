namespace CodeSignPS.Core.Tests.Pipeline;

/// <summary>
/// Parses log command lines the way the runners do, so tests can check that a value comes back
/// whole. Azure Pipelines agent: <c>##vso[</c>, properties split on <c>;</c>, and every value
/// unescaped by replacing <c>%3B</c>, <c>%0D</c>, <c>%0A</c>, <c>%5D</c>, then <c>%AZP25</c> (the agent's
/// DECODE_PERCENTS setting, which defaults to true). GitHub runner: <c>::name props::data</c>, properties split on
/// <c>,</c> and unescaped from <c>%0D %0A %3A %2C</c> then <c>%25</c>; data from <c>%0D %0A</c> then <c>%25</c>.
/// </summary>
internal static class RunnerParsers
{
    internal sealed record Command(string Name, Dictionary<string, string> Properties, string Data);

    public static Command ParseAzure(string line)
    {
        const string prefix = "##vso[";
        int start = line.IndexOf(prefix, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No {prefix} in '{line}'.");
        int end = line.IndexOf(']', start);
        Assert.True(end >= 0, $"No ] in '{line}'.");

        string info = line[(start + prefix.Length)..end];
        int space = info.IndexOf(' ');
        string name = space < 0 ? info : info[..space];
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space > 0)
        {
            foreach (string pair in info[(space + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] parts = pair.Split('=', 2);
                properties[parts[0]] = UnescapeAzure(parts[1]);
            }
        }

        return new Command(name, properties, UnescapeAzure(line[(end + 1)..]));
    }

    public static Command ParseGitHub(string line)
    {
        Assert.StartsWith("::", line);
        int end = line.IndexOf("::", 2, StringComparison.Ordinal);
        Assert.True(end >= 0, $"No closing :: in '{line}'.");

        string info = line[2..end];
        int space = info.IndexOf(' ');
        string name = space < 0 ? info : info[..space];
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space > 0)
        {
            foreach (string pair in info[(space + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] parts = pair.Split('=', 2);
                properties[parts[0]] = Replace(parts[1], ("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"));
            }
        }

        return new Command(name, properties, Replace(line[(end + 2)..], ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")));
    }

    private static string UnescapeAzure(string value) =>
        Replace(value, ("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%AZP25", "%"));

    private static string Replace(string value, params (string Escaped, string Token)[] mappings)
    {
        foreach ((string escaped, string token) in mappings)
        {
            value = value.Replace(escaped, token, StringComparison.Ordinal);
        }

        return value;
    }
}
