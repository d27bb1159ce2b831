namespace CodeSignPS.Core.Formats;

/// <summary>Chooses the format that handles a file from its extension.</summary>
public static class ArtifactFormatFactory
{
    /// <summary>File extensions that some format handles, with their dots.</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = Array.Empty<string>();

    /// <summary>Returns the format for <paramref name="path"/>, or null when no format handles it.</summary>
    public static ArtifactFormat? TryGetFormat(string path) => throw new NotImplementedException();
}
