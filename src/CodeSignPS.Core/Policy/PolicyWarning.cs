namespace CodeSignPS.Core.Policy;

/// <summary>Something legal in a policy file that is probably not what its author meant, such as rules that can overlap.</summary>
public sealed record PolicyWarning(string File, int Line, int Column, string Code, string Message)
{
    public override string ToString() => $"{File}({Line},{Column}): {Code}: {Message}";
}
