namespace CodeSignPS.Core.Policy;

/// <summary>What a failed policy check does, weakest first: the order is the tightening order.</summary>
public enum CheckAction
{
    Off,
    Warn,
    Enforce,
}
