using CodeSignPS.Core.Policy.Matching;
using CodeSignPS.Core.Policy.Yaml;

namespace CodeSignPS.Core.Policy;

/// <summary>Trust stores, publishers and the <c>levels</c> block.</summary>
public sealed partial class PolicyParser
{
    private static readonly IReadOnlyDictionary<string, TrustStoreRole> Roles = new Dictionary<string, TrustStoreRole>
    {
        ["codeSigning"] = TrustStoreRole.CodeSigning, ["timestamping"] = TrustStoreRole.Timestamping,
    };

    private static readonly IReadOnlyDictionary<string, TrustStoreClass> Classes = new Dictionary<string, TrustStoreClass>
    {
        ["public"] = TrustStoreClass.Public, ["enterprise"] = TrustStoreClass.Enterprise, ["selfSigned"] = TrustStoreClass.SelfSigned,
    };

    private List<TrustStoreDefinition>? ParseTrustStores(PolicyYamlNode node)
    {
        var stores = new List<TrustStoreDefinition>();
        foreach ((PolicyValue<string> name, PolicyYamlNode value) in ReadNamedEntries(node, "'trustStores'") ?? [])
        {
            string label = $"the trust store '{name.Value}'";
            Dictionary<string, PolicyYamlNode>? map = ReadMapping(value, label, ["role", "class", "certificates"], ["role", "class", "certificates"]);
            if (map is null)
            {
                continue;
            }

            PolicyValue<TrustStoreRole>? role = Read(map, "role", item => ReadEnum(item, $"'role' of {label}", Roles));
            PolicyValue<TrustStoreClass>? storeClass = Read(map, "class", item => ReadEnum(item, $"'class' of {label}", Classes));
            List<PolicyValue<string>>? certificates = Read(map, "certificates", item => ReadList(item, $"'certificates' of {label}", 1, path => ReadText(path, "a certificate path")));
            // Kept even when a value is wrong, so that publishers naming it are not reported as well.
            stores.Add(new TrustStoreDefinition(
                name.Value,
                name.Position,
                role ?? new PolicyValue<TrustStoreRole>(TrustStoreRole.CodeSigning, name.Position),
                storeClass ?? new PolicyValue<TrustStoreClass>(TrustStoreClass.SelfSigned, name.Position),
                certificates ?? []));
        }

        return stores;
    }

    private List<PublisherDefinition>? ParsePublishers(PolicyYamlNode node)
    {
        string[] keys = ["trustStores", "subject", "issuer", "thumbprints", "publicKeySha256", "policyOids"];
        var publishers = new List<PublisherDefinition>();
        foreach ((PolicyValue<string> name, PolicyYamlNode value) in ReadNamedEntries(node, "'publishers'") ?? [])
        {
            string label = $"the publisher '{name.Value}'";
            Dictionary<string, PolicyYamlNode>? map = ReadMapping(value, label, keys, ["trustStores"]);
            if (map is null)
            {
                continue;
            }

            publishers.Add(new PublisherDefinition(
                name.Value,
                name.Position,
                Read(map, "trustStores", item => ReadList(item, $"'trustStores' of {label}", 1, store => ReadText(store, "a trust store name"))) ?? [],
                Read(map, "subject", item => ReadNameConstraint(item, $"'subject' of {label}")),
                Read(map, "issuer", item => ReadNameConstraint(item, $"'issuer' of {label}")),
                Read(map, "thumbprints", item => ReadList(item, $"'thumbprints' of {label}", 1, entry => ReadHex(entry, "the thumbprint", 40, upperCase: true, "InvalidThumbprint"))) ?? [],
                Read(map, "publicKeySha256", item => ReadList(item, $"'publicKeySha256' of {label}", 1, entry => ReadHex(entry, "the public key pin", 64, upperCase: false, "InvalidPublicKeyPin"))) ?? [],
                Read(map, "policyOids", item => ReadList(item, $"'policyOids' of {label}", 1, entry => ReadOid(entry, "the policy OID"))) ?? []));
        }

        return publishers;
    }

    /// <summary>Reads a <c>subject</c> or <c>issuer</c> map: attribute name to one value, or a list for a multi-valued attribute.</summary>
    private NameConstraint? ReadNameConstraint(PolicyYamlNode node, string label)
    {
        if (node is not PolicyYamlMapping mapping)
        {
            AddError(node.Position, "WrongType", $"Expected a mapping of name attributes for {label}, found {node.Describe()}. Write it as '{{ CN: Name, O: Organisation }}'.");
            return null;
        }

        var attributes = new List<NameAttributeConstraint>();
        foreach ((PolicyYamlScalar key, PolicyYamlNode value) in mapping.Entries)
        {
            // The matcher's own list decides, so that every attribute that loads is one it can compare.
            if (!DistinguishedNameAttributes.IsKnownAttribute(key.Value))
            {
                AddError(key.Position, "UnknownAttribute", $"'{key.Value}' in {label} is not a known name attribute; expected one of {string.Join(", ", DistinguishedNameAttributes.KnownNames)} (any case), or a dotted OID such as 2.5.4.97. Fix the attribute name, or write its OID.");
                continue;
            }

            List<PolicyValue<string>>? values = value is PolicyYamlSequence
                ? ReadList(value, $"'{key.Value}' of {label}", 1, item => ReadText(item, $"a value of '{key.Value}'"))
                : ReadText(value, $"'{key.Value}' of {label}") is { } single ? [single] : null;
            if (values is { Count: > 0 })
            {
                attributes.Add(new NameAttributeConstraint(key.Value, values.Select(item => item.Value).ToList(), key.Position));
            }
        }

        if (mapping.Entries.Count == 0)
        {
            AddError(node.Position, "InvalidValue", $"{Capitalize(label)} is empty, so it would match any name. Add at least one attribute, or remove the key.");
        }

        return new NameConstraint(node.Position, attributes);
    }

    private LevelDefinitions? ParseLevels(PolicyYamlNode node)
    {
        Dictionary<string, PolicyYamlNode>? map = ReadMapping(node, "'levels'", ["ev", "ov"], []);
        if (map is null)
        {
            return null;
        }

        return new LevelDefinitions
        {
            EvPolicyOids = Read(map, "ev", item => ReadLevelOids(item, "ev")) ?? [],
            OvPolicyOids = Read(map, "ov", item => ReadLevelOids(item, "ov")) ?? [],
        };
    }

    private List<PolicyValue<string>>? ReadLevelOids(PolicyYamlNode node, string level)
    {
        Dictionary<string, PolicyYamlNode>? map = ReadMapping(node, $"'levels.{level}'", ["policyOids"], ["policyOids"]);
        return map is null ? null : Read(map, "policyOids", item => ReadList(item, $"'levels.{level}.policyOids'", 1, oid => ReadOid(oid, "the policy OID")));
    }
}
