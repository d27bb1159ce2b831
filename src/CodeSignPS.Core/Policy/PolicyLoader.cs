namespace CodeSignPS.Core.Policy;

/// <summary>
/// Reads a policy file: parses it, checks its references, resolves every environment, and reports
/// every problem at once.
/// </summary>
public static class PolicyLoader
{
    /// <summary>Loads the policy file at <paramref name="path"/>.</summary>
    /// <exception cref="PolicyLoadException">The file has problems; all of them are listed.</exception>
    /// <exception cref="CodeSignException"><c>PolicyNotFound</c> or <c>PolicyUnreadable</c>, naming the file.</exception>
    public static LoadedPolicy Load(string path) => throw new NotImplementedException("Contract placeholder: the loader is being written.");
}
