namespace CodeSignPS.Core.Policy;

/// <summary>One problem found in a policy file.</summary>
/// <param name="File">The policy file's full path.</param>
/// <param name="Line">Line of the offending node, from 1.</param>
/// <param name="Column">Column of the offending node, from 1.</param>
/// <param name="Code">Stable PascalCase id, such as <c>UnknownKey</c> or <c>ExtendsCycle</c>.</param>
/// <param name="Message">What was expected, what was found, and what to do.</param>
public sealed record PolicyError(string File, int Line, int Column, string Code, string Message)
{
    public override string ToString() => $"{File}({Line},{Column}): {Code}: {Message}";
}
