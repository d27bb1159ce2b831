using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Revocation;

namespace CodeSignPS.Core.Policy;

/// <summary>How a policy evaluation runs, apart from what the policy itself sets.</summary>
public sealed record PolicyEvaluationOptions
{
    /// <summary>How many artifacts are evaluated at once; every core by default.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The verification time of signatures without a verified timestamp; null means the moment the
    /// evaluator is created. One time for the whole run lets every file of a signer share one chain.
    /// </summary>
    public DateTimeOffset? VerificationTime { get; init; }

    /// <summary>Limits of OCSP requests and CRL downloads when the policy's revocation mode is online.</summary>
    public RevocationFetchOptions OnlineRevocation { get; init; } = new();

    /// <summary>How script text without a byte order mark is decoded.</summary>
    public FormatOptions Format { get; init; } = FormatOptions.Default;
}
