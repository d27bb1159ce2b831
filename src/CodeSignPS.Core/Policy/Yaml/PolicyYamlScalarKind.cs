namespace CodeSignPS.Core.Policy.Yaml;

/// <summary>The type a scalar has under the YAML 1.2 core schema, which is also its JSON type.</summary>
internal enum PolicyYamlScalarKind
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
}
