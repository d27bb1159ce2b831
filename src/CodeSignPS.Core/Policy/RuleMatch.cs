namespace CodeSignPS.Core.Policy;

/// <summary>The rule that covers an artifact, and the include pattern that made it the most specific.</summary>
public sealed record RuleMatch(RuleDefinition Rule, string Pattern);
