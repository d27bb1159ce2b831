using System.Text;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Loads a policy file: reads it (bounded in size), parses it, checks its references, resolves the
/// defaults and every environment, and collects overlap warnings. Every problem of a step is reported
/// together, sorted by position, in one <see cref="PolicyLoadException"/>. The resolver runs only on a
/// document whose structure and references are sound, so loosening errors appear once those are fixed.
/// </summary>
public static class PolicyLoader
{
    /// <summary>The largest policy file read: far above any real policy, small enough that a stray file cannot exhaust memory.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Loads and resolves the policy at <paramref name="path"/>; the defaults resolve under the key "" (no environment).</summary>
    /// <exception cref="PolicyLoadException">The file is not a valid policy; <see cref="PolicyLoadException.Errors"/> lists every problem.</exception>
    /// <exception cref="CodeSignException">The path is invalid (PolicyPathInvalid), the file missing (PolicyNotFound), unreadable (PolicyUnreadable) or too large (PolicyTooLarge).</exception>
    public static LoadedPolicy Load(string path) => Load(path, ReadFile(path));

    /// <summary>
    /// Reads the bytes of the policy file at <paramref name="path"/>, up to <see cref="MaxFileBytes"/>,
    /// so that a caller can check them (a signature, for example) and then load exactly those bytes
    /// with <see cref="Load(string, ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <exception cref="CodeSignException">The path is invalid (PolicyPathInvalid), the file missing (PolicyNotFound), unreadable (PolicyUnreadable) or too large (PolicyTooLarge).</exception>
    public static byte[] ReadFile(string path)
    {
        string fullPath = FullPath(path);
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);

            // Read one byte past the limit rather than trusting Length, which a pipe or special file does not report.
            byte[] buffer = new byte[MaxFileBytes + 1];
            int length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > MaxFileBytes)
            {
                throw TooLarge(fullPath);
            }

            return buffer[..length];
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CodeSignException("PolicyNotFound", FailureCategory.ObjectNotFound, $"The policy file '{fullPath}' does not exist. Check the path.", fullPath, exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CodeSignException("PolicyUnreadable", FailureCategory.ReadError, $"The policy file '{fullPath}' could not be read: {exception.Message} Check that it is a file you can read.", fullPath, exception);
        }
    }

    /// <summary>
    /// Loads and resolves a policy from <paramref name="content"/>, the bytes already read from
    /// <paramref name="path"/> (for example the bytes whose signature was checked). The file is not
    /// read again: <paramref name="path"/> only names the policy in messages and anchors the
    /// certificate and CRL paths written in it.
    /// </summary>
    /// <exception cref="PolicyLoadException">The content is not a valid policy; <see cref="PolicyLoadException.Errors"/> lists every problem.</exception>
    /// <exception cref="CodeSignException">The content is not UTF-8 (PolicyUnreadable) or too large (PolicyTooLarge); the path is invalid (PolicyPathInvalid).</exception>
    public static LoadedPolicy Load(string path, ReadOnlySpan<byte> content)
    {
        string fullPath = FullPath(path);
        if (content.Length > MaxFileBytes)
        {
            throw TooLarge(fullPath);
        }

        return LoadText(fullPath, Decode(fullPath, content));
    }

    private static LoadedPolicy LoadText(string fullPath, string text)
    {
        var errors = new List<PolicyError>();
        PolicyDocument? document = PolicyParser.Parse(text, fullPath, errors);
        if (document is null || errors.Count > 0)
        {
            // A document with parse errors holds stand-in values, fit only for reference checks.
            if (document is not null)
            {
                PolicyReferenceChecker.Check(document, errors);
            }

            ThrowIfAny(fullPath, errors);
            throw new InvalidOperationException($"The parser returned no document for '{fullPath}' and no error.");
        }

        PolicyReferenceChecker.Check(document, errors);
        Dictionary<string, EffectivePolicy> environments = ResolveEnvironments(document, errors);
        ThrowIfAny(fullPath, errors);
        return new LoadedPolicy
        {
            Document = document,
            Environments = environments,
            Warnings = new RuleSelector(document.Rules).FindOverlaps(fullPath),
        };
    }

    /// <summary>
    /// Resolves the defaults and every environment, so loosened settings are reported together with
    /// reference errors. The reference checker already reports dangling names and extends cycles, so
    /// the resolver's reports of the same problems are left out.
    /// </summary>
    private static Dictionary<string, EffectivePolicy> ResolveEnvironments(PolicyDocument document, List<PolicyError> errors)
    {
        bool referencesFailed = errors.Count > 0;
        var resolverErrors = new List<PolicyError>();
        var environments = new Dictionary<string, EffectivePolicy>(StringComparer.Ordinal);
        foreach (string? name in document.Environments.Select(environment => environment.Name).Prepend(null))
        {
            if (EnvironmentResolver.Resolve(document, name, resolverErrors) is { } effective)
            {
                environments[name ?? string.Empty] = effective;
            }
        }

        errors.AddRange(referencesFailed ? resolverErrors.Where(error => !ReferenceCodes.Contains(error.Code)) : resolverErrors);
        return environments;
    }

    private static readonly HashSet<string> ReferenceCodes = new(StringComparer.Ordinal) { "ExtendsCycle", "UnknownEnvironment", "UnknownRule" };

    private static void ThrowIfAny(string path, List<PolicyError> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }

        List<PolicyError> sorted = errors
            .Distinct()
            .OrderBy(error => error.Line)
            .ThenBy(error => error.Column)
            .ThenBy(error => error.Code, StringComparer.Ordinal)
            .ToList();
        throw new PolicyLoadException(path, sorted);
    }

    /// <summary>Makes <paramref name="path"/> absolute; a path the file system cannot take is reported as bad input, not as an ArgumentException.</summary>
    private static string FullPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            if (path.Length > 0)
            {
                return Path.GetFullPath(path);
            }
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw PathInvalid(path, exception);
        }

        throw PathInvalid(path, null);
    }

    private static CodeSignException PathInvalid(string path, Exception? inner) => new(
        "PolicyPathInvalid",
        FailureCategory.InvalidArgument,
        $"'{path}' is not a valid path for a policy file{(inner is null ? " (it is empty)" : $": {inner.Message}")}. Give the path of a YAML policy file.",
        path,
        inner);

    private static CodeSignException TooLarge(string path) => new(
        "PolicyTooLarge",
        FailureCategory.InvalidData,
        $"The policy file '{path}' is larger than {MaxFileBytes} bytes, the most a policy may be; it is probably not a policy file. Check the path.",
        path);

    private static string Decode(string path, ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (bytes.StartsWith(bom))
        {
            bytes = bytes[bom.Length..];
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new CodeSignException("PolicyUnreadable", FailureCategory.InvalidData, $"The policy file '{path}' is not UTF-8 text (invalid byte at offset {exception.Index}). Save it as UTF-8.", path, exception);
        }
    }
}
