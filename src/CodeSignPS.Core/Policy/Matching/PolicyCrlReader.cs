using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy.Matching;

/// <summary>Reads the CRL files an offline policy names, reporting failures against the policy entry that named them.</summary>
internal static class PolicyCrlReader
{
    internal static IReadOnlyList<CertificateRevocationList> Read(PolicyDocument document, IReadOnlyList<string> patterns)
    {
        var crls = new List<CertificateRevocationList>();
        foreach (string pattern in patterns)
        {
            try
            {
                string? error = PolicyFileReferences.Expand(document.Folder, pattern, out IReadOnlyList<string> paths);
                if (error is not null)
                {
                    throw Unreadable(document, pattern, error, null);
                }

                crls.AddRange(CrlFileLoader.Load(paths));
            }
            catch (CodeSignException ex) when (ex.ErrorId != "PolicyCrlUnreadable")
            {
                throw Unreadable(document, pattern, ex.Message, ex);
            }
        }

        return crls;
    }

    /// <summary>Where the entry was written: the effective view keeps only the text, so the first defaults or environment entry with that text is taken.</summary>
    private static string DescribeEntry(PolicyDocument document, string pattern)
    {
        IEnumerable<(string Where, IReadOnlyList<PolicyValue<string>>? Crls)> lists =
            new[] { ("defaults", document.Defaults.Crls) }
                .Concat(document.Environments.Select(environment => ($"environment '{environment.Name}'", environment.Settings.Crls)));
        foreach ((string where, IReadOnlyList<PolicyValue<string>>? crls) in lists)
        {
            PolicyValue<string>? entry = crls?.FirstOrDefault(value => value.Value == pattern);
            if (entry is not null)
            {
                return $"in revocation.crls of {where} ({entry.Position})";
            }
        }

        return "in revocation.crls";
    }

    private static CodeSignException Unreadable(PolicyDocument document, string pattern, string problem, CodeSignException? inner)
        => new(
            "PolicyCrlUnreadable",
            inner?.Category ?? FailureCategory.ObjectNotFound,
            $"The policy file '{document.FilePath}' names the CRL '{pattern}' {DescribeEntry(document, pattern)}, which could not be loaded: " +
            $"{problem.TrimEnd('.')}. Fix the path in the policy (it is relative to the policy file's folder) or the file.",
            inner?.Target ?? Path.GetFullPath(Path.Combine(document.Folder, pattern)),
            inner);
}
