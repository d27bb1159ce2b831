using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Signing;

/// <summary>Signs files in place: digest, signature, embed, verify, then an atomic replace.</summary>
public sealed class FileSigner
{
    public FileSigner(SigningKey key, SigningOptions options)
    {
        Key = key;
        Options = options;
    }

    public SigningKey Key { get; }

    public SigningOptions Options { get; }

    public SignOutcome Sign(string path, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
