namespace CodeSignPS.Core.Policy;

/// <summary>
/// Adds the resolver's problems to the caller's list, once each. The loader resolves every
/// environment into one list, and an environment's chain is walked again for each environment that
/// extends it, so the same problem (same node, same code) would otherwise be listed several times.
/// </summary>
internal sealed class ResolverErrors(string file, ICollection<PolicyError> errors)
{
    /// <summary>Whether this resolution found a problem, including one already listed earlier.</summary>
    public bool Found { get; private set; }

    public void Report(SourcePosition position, string code, string message)
    {
        Found = true;
        bool listed = errors.Any(error => error.Line == position.Line && error.Column == position.Column && error.Code == code);
        if (!listed)
        {
            errors.Add(new PolicyError(file, position.Line, position.Column, code, message));
        }
    }
}
