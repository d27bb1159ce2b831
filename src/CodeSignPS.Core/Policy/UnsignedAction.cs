namespace CodeSignPS.Core.Policy;

/// <summary>What happens to an artifact in a rule's scope that has no signature, weakest first.</summary>
public enum UnsignedAction
{
    Allow,
    Warn,
    Deny,
}
