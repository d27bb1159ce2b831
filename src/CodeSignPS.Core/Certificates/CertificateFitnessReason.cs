namespace CodeSignPS.Core.Certificates;

/// <summary>One reason a certificate is unfit to sign.</summary>
/// <param name="Id">A stable id from <see cref="CertificateFitnessReasonIds"/>.</param>
/// <param name="Message">What was expected, what was found, and what to do.</param>
public sealed record CertificateFitnessReason(string Id, string Message)
{
    public override string ToString() => $"{Id}: {Message}";
}
