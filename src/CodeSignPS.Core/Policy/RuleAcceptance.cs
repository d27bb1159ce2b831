using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>Whether one rule of a policy would accept a certificate as the publisher of its artifacts, and why not.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Accepted">True when one of the rule's publishers matches and the level reaches <paramref name="MinimumLevel"/>.</param>
/// <param name="Publisher">The first of the rule's publishers the certificate matches, or null.</param>
/// <param name="MinimumLevel">The rule's effective minimum in the environment; Unknown when there is none.</param>
/// <param name="Reasons">Every reason the rule does not accept the certificate; for an accepted rule, the publishers that did not match.</param>
public sealed record RuleAcceptance(
    string Rule,
    bool Accepted,
    string? Publisher,
    ValidationLevel MinimumLevel,
    IReadOnlyList<string> Reasons);
