namespace CodeSignPS.Core.Policy;

/// <summary>A place in a policy file, both numbers starting at 1.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}
