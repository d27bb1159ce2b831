namespace CodeSignPS.Core.Tests.Keys;

/// <summary>Key algorithms and sizes the tests mint.</summary>
public enum KeyKind
{
    Rsa2048,
    Rsa3072,
    EcdsaP256,
    EcdsaP384,
}
