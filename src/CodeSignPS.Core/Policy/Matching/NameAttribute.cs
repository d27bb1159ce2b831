namespace CodeSignPS.Core.Policy.Matching;

/// <summary>One attribute value of a distinguished name: its type OID and its decoded string.</summary>
internal readonly record struct NameAttribute(string Oid, string Value);
