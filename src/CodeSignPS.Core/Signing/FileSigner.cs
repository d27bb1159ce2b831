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

    /// <summary>
    /// Signs many files with bounded parallelism, yielding each outcome on the calling thread as it completes.
    /// A failing file yields its exception and the others go on.
    /// </summary>
    public IEnumerable<BatchItem<SignOutcome>> SignMany(IReadOnlyList<string> paths, int maxDegreeOfParallelism, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}
