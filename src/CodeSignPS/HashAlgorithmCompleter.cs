using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CodeSignPS;

/// <summary>
/// Offers the digest algorithms Set-CodeSignature accepts. A completer rather than ValidateSet, so
/// that SHA1 or MD5 reach the cmdlet and get its own error that explains why they are rejected.
/// </summary>
public sealed class HashAlgorithmCompleter : IArgumentCompleter
{
    private static readonly string[] Names = { "SHA256", "SHA384", "SHA512" };

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        string prefix = wordToComplete.Trim('\'', '"');
        return Names
            .Where(name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
    }
}
