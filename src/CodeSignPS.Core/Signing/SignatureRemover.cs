using CodeSignPS.Core.Formats;

namespace CodeSignPS.Core.Signing;

/// <summary>Strips embedded signatures, restoring exactly the bytes that were signed.</summary>
public static class SignatureRemover
{
    /// <summary>Removes the signature of <paramref name="path"/>; returns false when it had none.</summary>
    public static bool Remove(string path, FormatOptions options) => throw new NotImplementedException();
}
