namespace CodeSignPS.Core.Policy;

/// <summary>A policy file that cannot be used, with every problem found in it.</summary>
public sealed class PolicyLoadException : CodeSignException
{
    public PolicyLoadException(string policyPath, IReadOnlyList<PolicyError> errors, Exception? innerException = null)
        : base("PolicyInvalid", FailureCategory.InvalidData, BuildMessage(policyPath, errors), policyPath, innerException)
    {
        Errors = errors;
    }

    /// <summary>Every problem, in file order.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    private static string BuildMessage(string policyPath, IReadOnlyList<PolicyError> errors)
    {
        string count = errors.Count == 1 ? "1 problem; fix it" : $"{errors.Count} problems; fix them";
        return $"The policy file '{policyPath}' has {count} and load it again:" +
            Environment.NewLine + string.Join(Environment.NewLine, errors.Select(error => "  " + error));
    }
}
