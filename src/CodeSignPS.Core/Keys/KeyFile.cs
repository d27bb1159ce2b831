namespace CodeSignPS.Core.Keys;

/// <summary>Reads key and certificate files, turning I/O failures into errors with stable ids.</summary>
internal static class KeyFile
{
    /// <summary>Reads the whole file; <paramref name="description"/> is for example "PFX file".</summary>
    public static byte[] ReadAllBytes(string path, string description)
    {
        if (!File.Exists(path))
        {
            throw new CodeSignException(
                SigningKeyErrorIds.FileNotFound,
                FailureCategory.ObjectNotFound,
                $"The {description} '{path}' was not found. Check the path.",
                path);
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.FileUnreadable,
                FailureCategory.PermissionDenied,
                $"The {description} '{path}' cannot be read: access was denied. Grant the current user read access.",
                path,
                exception);
        }
        catch (IOException exception)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.FileUnreadable,
                FailureCategory.ReadError,
                $"The {description} '{path}' cannot be read: {exception.Message}",
                path,
                exception);
        }
    }
}
