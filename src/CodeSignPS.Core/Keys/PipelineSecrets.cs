using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CodeSignPS.Core.Keys;

/// <summary>
/// A PFX and its password read from environment variables by name, the way pipelines hand secrets
/// to a script: a Key Vault secret holding a base64 PFX, and a password variable. Reading and
/// decoding are two steps, so that a caller can tell the runner to mask every value
/// (<see cref="MaskValues"/>) before anything, even an error about the value, reaches the log.
/// </summary>
/// <remarks>
/// Messages name the variables and never quote their values. The values stay in memory as the
/// immutable strings the environment returned: .NET offers no way to read a variable into a buffer
/// that could be zeroed.
/// </remarks>
public sealed partial class PipelineSecrets : IDisposable
{
    private const int MaximumNameLength = 256;

    private readonly List<string> maskValues = [];
    private readonly List<CodeSignException> problems = [];
    private readonly string? pfxBase64;
    private readonly SecureString? password;

    private readonly Func<IEnumerable<string>> environmentValues;

    private PipelineSecrets(string? pfxVariable, string? passwordVariable, Func<string, string?> variables, Func<IEnumerable<string>> environmentValues)
    {
        this.environmentValues = environmentValues;
        PfxVariable = pfxVariable;
        PasswordVariable = passwordVariable;
        pfxBase64 = ReadVariable(pfxVariable, "PFX", variables);
        string? passwordText = ReadVariable(passwordVariable, "password", variables);

        if (pfxBase64 is not null)
        {
            AddMask(pfxBase64);
            AddMask(RemoveWhitespace(pfxBase64));
        }

        if (passwordText is not null)
        {
            AddMask(passwordText);
            AddMask(Convert.ToBase64String(Encoding.UTF8.GetBytes(passwordText)));
            password = ToSecureString(passwordText);
        }
    }

    /// <summary>The variable named for the base64 PFX; null when the PFX comes from elsewhere.</summary>
    public string? PfxVariable { get; }

    /// <summary>The variable named for the PFX password; null when none was named.</summary>
    public string? PasswordVariable { get; }

    /// <summary>
    /// Every value read, and the forms derived from it that could reach a log, for the runner to
    /// mask: each value as given and each of its lines, the base64 text without line breaks, and the
    /// password's UTF-8 bytes in base64. A name that may be a value passed by mistake is included too.
    /// </summary>
    public IReadOnlyList<string> MaskValues => maskValues;

    /// <summary>The password read from <see cref="PasswordVariable"/>; null when none was named.</summary>
    /// <exception cref="CodeSignException">A named variable is not set, is empty, or the name is no variable name.</exception>
    public SecureString? Password
    {
        get
        {
            ThrowIfUnreadable();
            return password;
        }
    }

    /// <summary>
    /// Reads the variables named <paramref name="pfxVariable"/> (a base64 PFX) and
    /// <paramref name="passwordVariable"/> (its password); either may be null. Problems such as an
    /// unset variable are kept until <see cref="ThrowIfUnreadable"/> or a decode, so the values
    /// that were read can be masked first.
    /// </summary>
    /// <param name="variables">Reads an environment variable; the process environment by default.</param>
    /// <param name="environmentValues">
    /// The values of all environment variables, consulted only for a name that is not set, to tell a
    /// value passed as a name (such as <c>$env:SIGNING_PFX_PASSWORD</c>) from a missing variable.
    /// The process environment's values by default.
    /// </param>
    public static PipelineSecrets Read(
        string? pfxVariable,
        string? passwordVariable,
        Func<string, string?>? variables = null,
        Func<IEnumerable<string>>? environmentValues = null) =>
        new(pfxVariable, passwordVariable, variables ?? Environment.GetEnvironmentVariable, environmentValues ?? ProcessEnvironmentValues);

    /// <summary>Throws the first problem found while reading: a variable not set or empty, or a name that is no variable name.</summary>
    public void ThrowIfUnreadable()
    {
        if (problems.Count > 0)
        {
            throw problems[0];
        }
    }

    /// <summary>
    /// Decodes the base64 PFX; whitespace and line breaks are ignored. The caller zeroes the bytes.
    /// </summary>
    /// <exception cref="CodeSignException">SecretVariableNotSet, SecretVariableNotBase64, FileTooLarge or PfxUnreadable.</exception>
    internal byte[] DecodePfx()
    {
        ThrowIfUnreadable();
        if (PfxVariable is null || pfxBase64 is null)
        {
            throw new InvalidOperationException("No PFX variable was named.");
        }

        if (pfxBase64.Length / 4 * 3 > KeyFile.MaximumLength)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.FileTooLarge,
                FailureCategory.InvalidData,
                $"The environment variable '{PfxVariable}' has {pfxBase64.Length} characters, more than a PFX of {KeyFile.MaximumLength} bytes (16 MiB) takes. " +
                "Check that it holds the PFX secret.",
                PfxVariable);
        }

        byte[] data;
        try
        {
            // Convert ignores spaces, tabs and line breaks, as secrets pasted from a wrapped file have.
            data = Convert.FromBase64String(pfxBase64);
        }
        catch (FormatException exception)
        {
            // FormatException's message describes the text without quoting it, so it is safe to keep.
            throw new CodeSignException(
                SigningKeyErrorIds.SecretVariableNotBase64,
                FailureCategory.InvalidData,
                $"The environment variable '{PfxVariable}' does not hold base64 text ({pfxBase64.Length} characters). " +
                "Store the PFX file's bytes as base64, without quotes, headers or PEM text.",
                PfxVariable,
                exception);
        }

        if (!PfxKeyLoader.IsPfx(data))
        {
            int length = data.Length;
            CryptographicOperations.ZeroMemory(data);
            throw new CodeSignException(
                SigningKeyErrorIds.PfxUnreadable,
                FailureCategory.InvalidData,
                $"The environment variable '{PfxVariable}' holds base64 text that decodes to {length} bytes, which are not a PFX (PKCS#12) file. " +
                "Store the PFX file's bytes as base64; a Key Vault certificate must have the content type PKCS#12, not PEM.",
                PfxVariable);
        }

        return data;
    }

    /// <summary>Where the PFX came from, for messages: the PFX variable and the password variable.</summary>
    internal PfxSource Source => PfxSource.Variable(PfxVariable ?? throw new InvalidOperationException("No PFX variable was named."), PasswordVariable);

    public void Dispose() => password?.Dispose();

    private string? ReadVariable(string? name, string role, Func<string, string?> variables)
    {
        if (name is null)
        {
            return null;
        }

        if (!IsVariableName(name))
        {
            // The text may be the secret itself, passed where its name belongs: mask it, never quote it.
            AddMask(name);
            problems.Add(new CodeSignException(
                SigningKeyErrorIds.SecretVariableNameInvalid,
                FailureCategory.InvalidArgument,
                $"The name given for the {role} variable is not an environment variable name ({name.Length} characters; names have letters, digits, '_', '.', '-' " +
                $"and parentheses, at most {MaximumNameLength}). Pass the variable's name, such as SIGNING_PFX, not its value. The text is not shown because it may be the secret."));
            return null;
        }

        string? value = variables(name);
        if (string.IsNullOrEmpty(value) && environmentValues().Contains(name, StringComparer.Ordinal))
        {
            // The name is some variable's value, as when $env:NAME is passed instead of NAME.
            AddMask(name);
            problems.Add(new CodeSignException(
                SigningKeyErrorIds.SecretVariableNameInvalid,
                FailureCategory.InvalidArgument,
                $"The name given for the {role} variable is not set as a variable, but it is the value of one. Pass the variable's name, such as SIGNING_PFX, " +
                "not its value ($env:SIGNING_PFX). The text is not shown because it may be the secret."));
            return null;
        }

        if (string.IsNullOrEmpty(value))
        {
            problems.Add(new CodeSignException(
                SigningKeyErrorIds.SecretVariableNotSet,
                FailureCategory.ObjectNotFound,
                $"The environment variable '{name}' named for the {role} is {(value is null ? "not set" : "empty")}. " +
                $"Azure Pipelines passes a secret variable to a script only when the step maps it: add '{name}: $({name})' under the step's 'env:'. " +
                $"On GitHub Actions, add '{name}: ${{{{ secrets.{name} }}}}' under the step's 'env:'.",
                name));
            return null;
        }

        return value;
    }

    private static IEnumerable<string> ProcessEnvironmentValues() =>
        Environment.GetEnvironmentVariables().Values.OfType<string>();

    private static bool IsVariableName(string name) =>
        name.Length <= MaximumNameLength && VariableNamePattern().IsMatch(name);

    /// <summary>Adds a value and each of its lines; a runner masks line by line, so a multi-line value would otherwise show.</summary>
    private void AddMask(string value)
    {
        AddMaskValue(value);
        if (!value.Contains('\n', StringComparison.Ordinal) && !value.Contains('\r', StringComparison.Ordinal))
        {
            return;
        }

        foreach (string line in value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            AddMaskValue(line);
            AddMaskValue(line.Trim());
        }
    }

    private void AddMaskValue(string value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !maskValues.Contains(value, StringComparer.Ordinal))
        {
            maskValues.Add(value);
        }
    }

    private static string RemoveWhitespace(string text) =>
        string.Concat(text.Where(character => !char.IsWhiteSpace(character)));

    private static SecureString ToSecureString(string text)
    {
        var secure = new SecureString();
        foreach (char character in text)
        {
            secure.AppendChar(character);
        }

        secure.MakeReadOnly();
        return secure;
    }

    // Environment variable names as pipelines make them: Azure Pipelines turns "signing.pfx" into
    // SIGNING_PFX, and GitHub secret names are letters, digits and '_'. Windows adds names such as
    // ProgramFiles(x86). Anything else, such as '+', '/', '=' or a space, suggests a value.
    // NOTE: an alphanumeric value passes this check. ReadVariable still catches it when it is the
    // value of a variable of this process, but a value typed in by hand would be quoted as a name.
    [GeneratedRegex(@"^[A-Za-z0-9_.()\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableNamePattern();
}
